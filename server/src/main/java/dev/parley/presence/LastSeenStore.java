package dev.parley.presence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code last_seen} table. Blocking. */
class LastSeenStore {

    private final JdbcClient jdbc;

    LastSeenStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void record(UUID user, Instant at) {
        jdbc.sql("""
                        MERGE INTO last_seen l
                        USING (VALUES (CAST(? AS UUID), CAST(? AS TIMESTAMP WITH TIME ZONE))) AS s (user_id, seen_at)
                        ON l.user_id = s.user_id
                        WHEN MATCHED THEN UPDATE SET seen_at = s.seen_at
                        WHEN NOT MATCHED THEN INSERT (user_id, seen_at) VALUES (s.user_id, s.seen_at)
                        """)
                .params(user, OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .update();
    }

    Map<UUID, Instant> of(Collection<UUID> users) {
        Map<UUID, Instant> seen = new HashMap<>();
        if (users.isEmpty()) {
            return seen;
        }
        jdbc.sql("SELECT user_id, seen_at FROM last_seen WHERE user_id IN (:users)")
                .param("users", users)
                .query((rs, n) -> seen.put(rs.getObject("user_id", UUID.class), rs.getObject("seen_at", OffsetDateTime.class).toInstant()))
                .list();
        return seen;
    }
}
