package dev.parley.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import dev.parley.system.ParleyError;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Refresh tokens: 256 random bits, stored only as their SHA-256 in {@code refresh_tokens}. Each
 * use marks the token used and issues its successor in the same family; a used token presented
 * again (it was copied) ends the whole family, so the thief's and the owner's copies both stop
 * working. Blocking: call it through {@link dev.parley.system.Blocking}.
 */
class RefreshTokens {

    record Rotated(UUID userId, String next) {
    }

    private final SecureRandom random = new SecureRandom();
    private final JdbcClient jdbc;
    private final AuthSettings settings;
    private final Clock clock;

    RefreshTokens(JdbcClient jdbc, AuthSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    /** A new family's first token. */
    String issue(UUID userId) {
        return issue(userId, UUID.randomUUID());
    }

    Rotated rotate(String token) {
        String hash = hash(token);
        OffsetDateTime now = utc(clock.instant());
        int won = jdbc.sql("UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?")
                .params(now, hash, now).update();
        record Row(UUID familyId, UUID userId, boolean used) {
        }
        Row row = jdbc.sql("SELECT family_id, user_id, used_at FROM refresh_tokens WHERE token_hash = ?").param(hash)
                .query((rs, n) -> new Row(rs.getObject("family_id", UUID.class), rs.getObject("user_id", UUID.class),
                        rs.getObject("used_at") != null))
                .optional()
                .orElseThrow(() -> ParleyError.unauthorized("invalid_refresh_token", "The refresh token is not known; log in again"));
        if (won == 1) {
            return new Rotated(row.userId(), issue(row.userId(), row.familyId()));
        }
        if (row.used()) {
            endFamily(row.familyId());
            throw ParleyError.unauthorized("refresh_token_reused",
                    "The refresh token was already used; every session of this login is ended: log in again");
        }
        throw ParleyError.unauthorized("refresh_token_expired", "The refresh token has expired; log in again");
    }

    /** Ends the family of {@code token} (logout); an unknown token is ignored. */
    void revoke(String token) {
        jdbc.sql("DELETE FROM refresh_tokens WHERE family_id IN (SELECT family_id FROM refresh_tokens WHERE token_hash = ?)")
                .param(hash(token)).update();
    }

    int deleteExpired() {
        return jdbc.sql("DELETE FROM refresh_tokens WHERE expires_at < ?").param(utc(clock.instant())).update();
    }

    private String issue(UUID userId, UUID familyId) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.sql("INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at) VALUES (?, ?, ?, ?)")
                .params(hash(token), familyId, userId, utc(clock.instant().plus(settings.refreshLifetime())))
                .update();
        return token;
    }

    private void endFamily(UUID familyId) {
        jdbc.sql("DELETE FROM refresh_tokens WHERE family_id = ?").param(familyId).update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
