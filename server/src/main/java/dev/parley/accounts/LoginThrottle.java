package dev.parley.accounts;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.system.ParleyError;

/**
 * Exponential back-off for password guessing, per username and per client address: after the free
 * failures, each wrong password doubles the wait before the next attempt is even checked (no
 * bcrypt spent on it). A correct password clears the username's count, never the address's: one
 * valid account must not reset a guessing client. Bounded memory: the most active keys are kept.
 * Per node; a cluster's nodes each count on their own (docs/security.md).
 */
final class LoginThrottle {

    private record Failures(int count, long blockedUntil) {
    }

    private final LoginLimits limits;
    private final Clock clock;
    private final Cache<String, Failures> failures;

    LoginThrottle(LoginLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.failures = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(limits.maxBackoff()).build();
    }

    /** Refuses with {@code rate_limited} while the username or the address waits out a back-off. */
    void check(String username, String address) {
        long now = clock.millis();
        long wait = Math.max(waitOf("account:" + username, now), waitOf("address:" + address, now));
        if (wait > 0) {
            throw ParleyError.rateLimited("Too many wrong passwords; try again in " + ((wait + 999) / 1000) + " s", wait);
        }
    }

    void failed(String username, String address) {
        long now = clock.millis();
        bump("account:" + username, limits.freeFailuresPerAccount(), now);
        bump("address:" + address, limits.freeFailuresPerAddress(), now);
    }

    void succeeded(String username) {
        failures.invalidate("account:" + username);
    }

    private long waitOf(String key, long now) {
        Failures f = failures.getIfPresent(key);
        return f == null ? 0 : Math.max(0, f.blockedUntil() - now);
    }

    private void bump(String key, int free, long now) {
        failures.asMap().compute(key, (k, f) -> {
            int count = f == null ? 1 : f.count() + 1;
            if (count <= free) {
                return new Failures(count, 0);
            }
            int doublings = Math.min(count - free - 1, 30);
            long backoff = Math.min(limits.maxBackoff().toMillis(), limits.firstBackoff().toMillis() << doublings);
            return new Failures(count, now + backoff);
        });
    }
}
