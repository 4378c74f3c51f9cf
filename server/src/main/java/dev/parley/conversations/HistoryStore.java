package dev.parley.conversations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads of the archive: pages of one conversation in seq order. Blocking. */
class HistoryStore {

    private static final String COLUMNS = "server_msg_id, client_msg_id, conversation_id, seq, log_partition, sender_id,"
            + " sender_username, recipient_id, recipient_username, room, content, attachment_url, sent_at";

    private final JdbcClient jdbc;

    HistoryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Up to {@code limit} messages with after < seq < before, the oldest first. */
    List<MessageView> oldestBetween(String conversationId, long after, long before, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM messages WHERE conversation_id = ? AND seq > ? AND seq < ? ORDER BY seq LIMIT ?")
                .params(conversationId, after, before, limit).query(HistoryStore::row).list();
    }

    /** Up to {@code limit} messages with after < seq < before, the newest first. */
    List<MessageView> newestBetween(String conversationId, long after, long before, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM messages WHERE conversation_id = ? AND seq > ? AND seq < ? ORDER BY seq DESC LIMIT ?")
                .params(conversationId, after, before, limit).query(HistoryStore::row).list();
    }

    static MessageView row(ResultSet rs, int rowNum) throws SQLException {
        return new MessageView(MessageView.eventId(rs.getInt("log_partition"), rs.getLong("seq")),
                rs.getObject("server_msg_id", UUID.class), rs.getString("client_msg_id"),
                rs.getObject("sender_id", UUID.class), rs.getString("sender_username"),
                rs.getObject("recipient_id", UUID.class), rs.getString("recipient_username"), rs.getString("room"),
                rs.getString("conversation_id"), rs.getLong("seq"), rs.getString("content"), rs.getString("attachment_url"),
                rs.getObject("sent_at", OffsetDateTime.class).toInstant());
    }
}
