package dev.parley.conversations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A user's conversations (direct conversations with messages, and joined rooms) with their newest
 * message, read positions and unread counts, newest activity first. Blocking.
 */
class ConversationListStore {

    record Cursor(Instant activityAt, String conversationId) {
    }

    private static final String MINE = """
            SELECT d.conversation_id, d.other_user_id, CAST(NULL AS VARCHAR(64)) AS room, d.started_at AS since
              FROM direct_conversations d WHERE d.user_id = :user
            UNION ALL
            SELECT CONCAT('room:', rm.room), CAST(NULL AS UUID), rm.room, rm.joined_at
              FROM room_members rm WHERE rm.user_id = :user
            """;

    private final JdbcClient jdbc;

    ConversationListStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<ConversationSummary> page(UUID user, Cursor after, int limit) {
        String sql = """
                SELECT x.conversation_id AS x_conversation, x.other_user_id, u.username AS other_username, x.room AS x_room,
                       COALESCE(c.last_sent_at, x.since) AS activity_at, r.seq AS read_seq, pr.seq AS peer_read_seq,
                       (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = x.conversation_id
                           AND m.seq > COALESCE(r.seq, -1) AND m.sender_id <> :user AND m.deleted_at IS NULL) AS unread,
                       lm.server_msg_id, lm.client_msg_id, lm.conversation_id, lm.seq, lm.log_partition,
                       lm.sender_id, lm.sender_username, lm.recipient_id, lm.recipient_username, lm.room,
                       lm.content, lm.attachment_url, lm.sent_at, lm.reply_to, lm.reply_from, lm.reply_quote, lm.edited_at, lm.deleted_at
                  FROM (%s) x
                  LEFT JOIN conversations c ON c.id = x.conversation_id
                  LEFT JOIN read_positions r ON r.user_id = :user AND r.conversation_id = x.conversation_id
                  LEFT JOIN read_positions pr ON pr.user_id = x.other_user_id AND pr.conversation_id = x.conversation_id
                  LEFT JOIN users u ON u.id = x.other_user_id
                  LEFT JOIN messages lm ON lm.conversation_id = x.conversation_id AND lm.seq = c.last_seq
                """.formatted(MINE);
        if (after != null) {
            sql += " WHERE COALESCE(c.last_sent_at, x.since) < :at"
                    + " OR (COALESCE(c.last_sent_at, x.since) = :at AND x.conversation_id < :id)";
        }
        sql += " ORDER BY activity_at DESC, x.conversation_id DESC LIMIT :limit";
        JdbcClient.StatementSpec statement = jdbc.sql(sql).param("user", user).param("limit", limit);
        if (after != null) {
            statement = statement.param("at", OffsetDateTime.ofInstant(after.activityAt(), ZoneOffset.UTC)).param("id", after.conversationId());
        }
        return statement.query(ConversationListStore::row).list();
    }

    /** A conversation of the user (a direct conversation the archive has indexed, a joined room) and the user's read position. */
    record Mine(String conversationId, long lastSeq, Long readSeq) {
    }

    /** Every conversation of the user that the archive knows, with the user's read position (resume). */
    List<Mine> mine(UUID user) {
        return jdbc.sql("""
                        SELECT x.conversation_id, GREATEST(COALESCE(c.last_seq, -1), COALESCE(c.last_event_seq, -1)) AS last_seq, r.seq AS read_seq FROM (%s) x
                          LEFT JOIN conversations c ON c.id = x.conversation_id
                          LEFT JOIN read_positions r ON r.user_id = :user AND r.conversation_id = x.conversation_id
                        """.formatted(MINE))
                .param("user", user)
                .query((rs, n) -> new Mine(rs.getString("conversation_id"), rs.getLong("last_seq"), (Long) rs.getObject("read_seq", Long.class)))
                .list();
    }

    /** The conversation ids of the rooms the user is a member of. */
    Set<String> roomsOf(UUID user) {
        return Set.copyOf(jdbc.sql("SELECT CONCAT('room:', room) FROM room_members WHERE user_id = ?").param(user).query(String.class).list());
    }

    private static ConversationSummary row(ResultSet rs, int rowNum) throws SQLException {
        UUID other = rs.getObject("other_user_id", UUID.class);
        MessageView last = rs.getObject("server_msg_id") == null ? null : HistoryStore.row(rs, rowNum);
        return new ConversationSummary(rs.getString("x_conversation"), other == null ? "room" : "dm",
                other == null ? null : new ConversationSummary.Peer(other, rs.getString("other_username")),
                rs.getString("x_room"), last, rs.getObject("read_seq", Long.class), rs.getObject("peer_read_seq", Long.class),
                rs.getLong("unread"), rs.getObject("activity_at", OffsetDateTime.class).toInstant());
    }
}
