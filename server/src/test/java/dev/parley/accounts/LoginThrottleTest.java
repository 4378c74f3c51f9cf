package dev.parley.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import dev.parley.system.ParleyError;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    /** A clock the test moves. */
    private static final class Hands extends Clock {
        private Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final Hands clock = new Hands();
    private final LoginThrottle throttle = new LoginThrottle(
            new LoginLimits(3, 10, Duration.ofSeconds(1), Duration.ofSeconds(60), 1, 8), clock);

    @Test
    void afterTheFreeFailuresEachWrongPasswordDoublesTheWaitUpToTheMaximum() {
        for (int i = 0; i < 3; i++) {
            throttle.check("alice", "10.0.0.1");
            throttle.failed("alice", "10.0.0.1");
        }
        assertThatCode(() -> throttle.check("alice", "10.0.0.1")).as("three free failures").doesNotThrowAnyException();
        throttle.failed("alice", "10.0.0.1");
        assertThat(refusal("alice", "10.0.0.2").retryAfterMs()).as("the 4th failure: 1 s, from any address").isEqualTo(1_000);
        clock.advance(Duration.ofSeconds(1));
        throttle.failed("alice", "10.0.0.1");
        assertThat(refusal("alice", "10.0.0.3").retryAfterMs()).isEqualTo(2_000);
        for (int i = 0; i < 10; i++) {
            throttle.failed("alice", "10.0.0." + (10 + i)); // from many addresses: the account's count goes on
        }
        ParleyError capped = refusal("alice", "10.0.0.99");
        assertThat(capped.retryAfterMs()).isEqualTo(60_000);
        assertThat(capped.code()).isEqualTo("rate_limited");
        assertThat(capped.status()).isEqualTo(429);
        assertThatCode(() -> throttle.check("bob", "10.0.0.99")).as("another account, another address").doesNotThrowAnyException();
    }

    @Test
    void oneAddressGuessingManyAccountsBacksOffAndACorrectPasswordDoesNotResetIt() {
        for (int i = 0; i < 11; i++) {
            throttle.failed("user" + i, "10.9.9.9");
        }
        assertThat(refusal("someone-new", "10.9.9.9").retryAfterMs()).isEqualTo(1_000);
        throttle.succeeded("someone-new");
        assertThat(refusal("someone-new", "10.9.9.9").retryAfterMs()).as("the address still waits").isEqualTo(1_000);
        assertThatCode(() -> throttle.check("someone-new", "10.1.1.1")).doesNotThrowAnyException();
    }

    @Test
    void aCorrectPasswordClearsTheAccountsCount() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("carol", "10.0.0.1");
        }
        throttle.succeeded("carol");
        throttle.failed("carol", "10.0.0.1");
        assertThatCode(() -> throttle.check("carol", "10.0.0.1")).as("one failure after the reset is free").doesNotThrowAnyException();
    }

    private ParleyError refusal(String username, String address) {
        return catchThrowableOfType(ParleyError.class, () -> throttle.check(username, address));
    }
}
