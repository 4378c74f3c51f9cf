package dev.parley.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code revoked_tokens} table, which every node shares, and this node's {@link DenyList} of
 * it. A revocation is written to the table and to the local list at once; other nodes copy rows
 * written since their last look every {@code parley.auth.revocation-poll-interval}. Rows are
 * ordered by the database's clock ({@code revoked_at}), so nodes' clocks may disagree; each look
 * goes back {@link #OVERLAP} further to catch rows whose transaction committed late. Blocking:
 * call it through {@link dev.parley.system.Blocking}.
 */
class RevokedTokens {

    static final Duration OVERLAP = Duration.ofSeconds(10);

    private final JdbcClient jdbc;
    private final DenyList denied;
    private final Clock clock;
    /** The database's time at the start of the last look; null before the first (which loads all). */
    private volatile OffsetDateTime lastLook;

    RevokedTokens(JdbcClient jdbc, DenyList denied, Clock clock) {
        this.jdbc = jdbc;
        this.denied = denied;
        this.clock = clock;
    }

    void revoke(String jti, Instant expiresAt) {
        denied.add(jti, expiresAt);
        try {
            jdbc.sql("INSERT INTO revoked_tokens (jti, expires_at, revoked_at) VALUES (?, ?, CURRENT_TIMESTAMP)")
                    .params(jti, OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC))
                    .update();
        } catch (DuplicateKeyException alreadyRevoked) {
            // Logged out twice at once on two nodes: one row is enough.
        }
    }

    /** Copies revocations written since the last look (by any node) into this node's list. */
    void catchUp() {
        OffsetDateTime now = jdbc.sql("SELECT CURRENT_TIMESTAMP").query((rs, n) -> rs.getObject(1, OffsetDateTime.class)).single();
        OffsetDateTime since = lastLook == null ? OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC) : lastLook.minus(OVERLAP);
        jdbc.sql("SELECT jti, expires_at FROM revoked_tokens WHERE revoked_at >= ?")
                .param(since)
                .query((rs, n) -> {
                    denied.add(rs.getString("jti"), rs.getObject("expires_at", OffsetDateTime.class).toInstant());
                    return null;
                })
                .list();
        lastLook = now;
        denied.prune(clock.instant());
    }

    /** Deletes rows of tokens that have expired anyway; returns how many. */
    int deleteExpired() {
        return jdbc.sql("DELETE FROM revoked_tokens WHERE expires_at < ?")
                .param(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .update();
    }
}
