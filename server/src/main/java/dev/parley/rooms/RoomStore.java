package dev.parley.rooms;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code rooms} and {@code room_members} tables. Blocking. */
class RoomStore {

    private final JdbcClient jdbc;

    RoomStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void join(String room, UUID userId, Instant at) {
        OffsetDateTime time = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        insertIgnoringDuplicate("INSERT INTO rooms (name, created_by, created_at) VALUES (?, ?, ?)", room, userId, time);
        insertIgnoringDuplicate("INSERT INTO room_members (room, user_id, joined_at) VALUES (?, ?, ?)", room, userId, time);
    }

    boolean exists(String room) {
        return jdbc.sql("SELECT COUNT(*) FROM rooms WHERE name = ?").param(room).query(Long.class).single() > 0;
    }

    void leave(String room, UUID userId) {
        jdbc.sql("DELETE FROM room_members WHERE room = ? AND user_id = ?").params(room, userId).update();
    }

    List<UUID> members(String room) {
        return jdbc.sql("SELECT user_id FROM room_members WHERE room = ?").param(room).query(UUID.class).list();
    }

    /** Rooms whose name starts with {@code prefix}, by name, with member counts and whether {@code user} is one. */
    List<Rooms.Listed> list(String prefix, UUID user, String afterName, int limit) {
        return jdbc.sql("""
                        SELECT r.name, (SELECT COUNT(*) FROM room_members m WHERE m.room = r.name) AS members,
                               EXISTS (SELECT 1 FROM room_members m WHERE m.room = r.name AND m.user_id = ?) AS joined
                          FROM rooms r WHERE r.name LIKE ? AND r.name > ? ORDER BY r.name LIMIT ?
                        """)
                .params(user, prefix.replace("_", "\\_") + "%", afterName, limit)
                .query((rs, n) -> new Rooms.Listed(rs.getString("name"), rs.getInt("members"), rs.getBoolean("joined")))
                .list();
    }

    private void insertIgnoringDuplicate(String sql, Object... params) {
        try {
            jdbc.sql(sql).params(params).update();
        } catch (DuplicateKeyException alreadyThere) {
            // joining twice, or a room that exists: both are fine
        }
    }
}
