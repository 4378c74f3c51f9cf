package dev.parley.accounts;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.parley.system.SettingsCheck;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param jwtSecret         HMAC key for access tokens (at least 32 bytes); blank generates one
 *                          and keeps it in the data directory, so tokens survive restarts
 * @param issuer            the {@code iss} claim written and required
 * @param tokenLifetime     how long an access token is valid; short, because only its expiry or a
 *                          logout ends it, and it travels in WebSocket URLs
 * @param refreshLifetime   how long a refresh token is valid (each use issues a new one)
 * @param revocationPollInterval how often a node copies other nodes' logouts into its deny-list:
 *                          how long a revoked token may still work on another node
 * @param passwordMinLength shortest accepted password, in characters
 * @param bcryptStrength    log2 of the bcrypt work factor
 */
@ConfigurationProperties("parley.auth")
public record AuthSettings(
        @DefaultValue("") String jwtSecret,
        @DefaultValue("parley") String issuer,
        @DefaultValue("15m") Duration tokenLifetime,
        @DefaultValue("30d") Duration refreshLifetime,
        @DefaultValue("1s") Duration revocationPollInterval,
        @DefaultValue("8") int passwordMinLength,
        @DefaultValue("10") int bcryptStrength) {

    public AuthSettings {
        new SettingsCheck()
                .require(jwtSecret == null || jwtSecret.isBlank() || jwtSecret.getBytes(StandardCharsets.UTF_8).length >= 32,
                        "parley.auth.jwt-secret must be at least 32 bytes long (HS256 needs a 256-bit key)")
                .require(issuer != null && !issuer.isBlank(), "parley.auth.issuer must not be blank")
                .require(tokenLifetime.toSeconds() >= 60, "parley.auth.token-lifetime must be at least 1 minute, got " + tokenLifetime)
                .require(refreshLifetime.compareTo(tokenLifetime) > 0,
                        "parley.auth.refresh-lifetime must be longer than parley.auth.token-lifetime (" + tokenLifetime + "), got " + refreshLifetime)
                .require(revocationPollInterval.toMillis() >= 100 && revocationPollInterval.compareTo(Duration.ofMinutes(1)) <= 0,
                        "parley.auth.revocation-poll-interval must be between 100ms and 1m, got " + revocationPollInterval)
                .require(passwordMinLength >= 6 && passwordMinLength <= 64,
                        "parley.auth.password-min-length must be between 6 and 64, got " + passwordMinLength)
                .require(bcryptStrength >= 4 && bcryptStrength <= 16, "parley.auth.bcrypt-strength must be between 4 and 16, got " + bcryptStrength)
                .done();
    }
}
