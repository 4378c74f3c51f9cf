package dev.parley.accounts;

import java.time.Duration;

import dev.parley.system.SettingsCheck;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How hard guessing passwords is made (docs/security.md).
 *
 * @param freeFailuresPerAccount  wrong passwords for one username before logins to it back off
 * @param freeFailuresPerAddress  wrong passwords from one client address before its logins back off
 * @param firstBackoff            the first wait once the free failures are used; each further failure doubles it
 * @param maxBackoff              the longest wait; failures are forgotten this long after the last one
 * @param hashThreads             threads that hash passwords, apart from all other work; 0: half the cores, at least 1
 * @param hashQueue               logins and registrations waiting for a hashing thread before more get 503 overloaded
 */
@ConfigurationProperties("parley.limits.login")
public record LoginLimits(
        @DefaultValue("5") int freeFailuresPerAccount,
        @DefaultValue("30") int freeFailuresPerAddress,
        @DefaultValue("1s") Duration firstBackoff,
        @DefaultValue("15m") Duration maxBackoff,
        @DefaultValue("0") int hashThreads,
        @DefaultValue("64") int hashQueue) {

    public LoginLimits {
        new SettingsCheck()
                .require(freeFailuresPerAccount >= 1, "parley.limits.login.free-failures-per-account must be at least 1, got " + freeFailuresPerAccount)
                .require(freeFailuresPerAddress >= 1, "parley.limits.login.free-failures-per-address must be at least 1, got " + freeFailuresPerAddress)
                .require(firstBackoff.toMillis() >= 1, "parley.limits.login.first-backoff must be positive, got " + firstBackoff)
                .require(maxBackoff.compareTo(firstBackoff) >= 0,
                        "parley.limits.login.max-backoff must be at least first-backoff (" + firstBackoff + "), got " + maxBackoff)
                .require(hashThreads >= 0, "parley.limits.login.hash-threads must be 0 (half the cores) or more, got " + hashThreads)
                .require(hashQueue >= 1, "parley.limits.login.hash-queue must be at least 1, got " + hashQueue)
                .done();
    }

    int threads() {
        return hashThreads > 0 ? hashThreads : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }
}
