package dev.parley.system;

/**
 * A token bucket: holds at most {@code burst} tokens, gains {@code perSecond} a second, and each
 * request takes one. Refilled lazily from the time passed in, so tests drive it without a clock.
 */
public final class TokenBucket {

    private final double perNano;
    private final int burst;
    private double tokens;
    private long refilledAt;

    public TokenBucket(double perSecond, int burst, long nowNanos) {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a bucket needs a positive rate and a burst of at least 1");
        }
        this.perNano = perSecond / 1_000_000_000.0;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = nowNanos;
    }

    /** Takes a token: 0 if there was one, else the milliseconds (at least 1) until there is. */
    public synchronized long take(long nowNanos) {
        if (nowNanos > refilledAt) { // a clock read before another caller's must not drain the bucket
            tokens = Math.min(burst, tokens + (nowNanos - refilledAt) * perNano);
            refilledAt = nowNanos;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1_000_000.0));
    }

    /** How long an untouched bucket takes to be full again: after that, forgetting it changes nothing. */
    public static java.time.Duration refillTime(double perSecond, int burst) {
        return java.time.Duration.ofNanos((long) Math.ceil(burst / perSecond * 1_000_000_000.0));
    }
}
