package dev.parley.accounts;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param jwtSecret         HMAC key for access tokens (at least 32 bytes); blank generates one
 *                          and keeps it in the data directory, so tokens survive restarts
 * @param issuer            the {@code iss} claim written and required
 * @param tokenLifetime     how long an access token is valid
 * @param passwordMinLength shortest accepted password, in characters
 * @param bcryptStrength    log2 of the bcrypt work factor
 */
@ConfigurationProperties("parley.auth")
public record AuthSettings(
        @DefaultValue("") String jwtSecret,
        @DefaultValue("parley") String issuer,
        @DefaultValue("12h") Duration tokenLifetime,
        @DefaultValue("8") int passwordMinLength,
        @DefaultValue("10") int bcryptStrength) {

    public AuthSettings {
        if (jwtSecret != null && !jwtSecret.isBlank() && jwtSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("parley.auth.jwt-secret must be at least 32 bytes long (HS256 needs a 256-bit key)");
        }
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("parley.auth.issuer must not be blank");
        }
        if (tokenLifetime.toSeconds() < 60) {
            throw new IllegalArgumentException("parley.auth.token-lifetime must be at least 1 minute, got " + tokenLifetime);
        }
        if (passwordMinLength < 6 || passwordMinLength > 64) {
            throw new IllegalArgumentException("parley.auth.password-min-length must be between 6 and 64");
        }
        if (bcryptStrength < 4 || bcryptStrength > 16) {
            throw new IllegalArgumentException("parley.auth.bcrypt-strength must be between 4 and 16");
        }
    }
}
