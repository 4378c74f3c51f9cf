package dev.parley.system;

import java.time.Duration;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * One {@link TokenBucket} per key (a user, a connection). A bucket left alone until it is full
 * again is forgotten, which is the same as keeping it, so memory follows the active keys only.
 */
public final class Quota<K> {

    private final double perSecond;
    private final int burst;
    private final LongSupplier nanos;
    private final Cache<K, TokenBucket> buckets;

    public Quota(double perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    public Quota(double perSecond, int burst, LongSupplier nanos) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanos = nanos;
        Duration full = TokenBucket.refillTime(perSecond, burst);
        this.buckets = Caffeine.newBuilder().expireAfterAccess(full.plusSeconds(1)).maximumSize(500_000).build();
    }

    /** 0 if {@code key} may go ahead now, else the milliseconds to wait before it may. */
    public long take(K key) {
        long now = nanos.getAsLong();
        return buckets.get(key, k -> new TokenBucket(perSecond, burst, now)).take(now);
    }
}
