package dev.parley.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.parley.log.LogRecord;
import dev.parley.log.LoggedMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The {@code messages} table. Blocking. */
class MessageStore {

    private static final int IN_CHUNK = 500;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate transactions;
    private final ConversationIndex conversations;

    MessageStore(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.conversations = new ConversationIndex(template);
        this.template = template;
        this.transactions = transactions;
    }

    Optional<ArchivedMessage> find(UUID serverMsgId) {
        return jdbc.sql("SELECT server_msg_id, client_msg_id, conversation_id, seq, sent_at FROM messages WHERE server_msg_id = ?")
                .param(serverMsgId).query(MessageStore::row).optional();
    }

    /**
     * Inserts the messages not archived yet, and updates the conversation index, in one
     * transaction; returns them in log order. Ids already present (a replayed batch, a retried send
     * written twice) are skipped.
     */
    List<LoggedMessage> insertNew(List<LoggedMessage> batch) {
        Map<UUID, LoggedMessage> firstById = new LinkedHashMap<>();
        for (LoggedMessage m : batch) {
            firstById.putIfAbsent(m.record().serverMsgId(), m);
        }
        Set<UUID> present = existing(List.copyOf(firstById.keySet()));
        List<LoggedMessage> fresh = new ArrayList<>(firstById.size());
        for (LoggedMessage m : firstById.values()) {
            if (!present.contains(m.record().serverMsgId())) {
                fresh.add(m);
            }
        }
        if (fresh.isEmpty()) {
            return fresh;
        }
        transactions.executeWithoutResult(status -> {
            insertMessages(fresh);
            conversations.record(fresh);
        });
        return fresh;
    }

    private void insertMessages(List<LoggedMessage> fresh) {
        template.batchUpdate(
                "INSERT INTO messages (server_msg_id, conversation_id, seq, log_partition, sender_id, sender_username,"
                        + " recipient_id, recipient_username, room, client_msg_id, content, attachment_url, sent_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                fresh, fresh.size(), (ps, m) -> {
                    LogRecord r = m.record();
                    ps.setObject(1, r.serverMsgId());
                    ps.setString(2, r.conversationId());
                    ps.setLong(3, m.seq());
                    ps.setInt(4, m.position().partition());
                    ps.setObject(5, r.from());
                    ps.setString(6, r.fromUsername());
                    ps.setObject(7, r.to());
                    ps.setString(8, r.toUsername());
                    ps.setString(9, r.room());
                    ps.setString(10, r.clientMsgId());
                    ps.setString(11, r.content());
                    ps.setString(12, r.attachmentUrl());
                    ps.setObject(13, OffsetDateTime.ofInstant(r.sentAt(), ZoneOffset.UTC));
                });
    }

    private Set<UUID> existing(List<UUID> ids) {
        Set<UUID> found = new HashSet<>();
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
            found.addAll(jdbc.sql("SELECT server_msg_id FROM messages WHERE server_msg_id IN (:ids)")
                    .param("ids", chunk).query(UUID.class).list());
        }
        return found;
    }

    private static ArchivedMessage row(ResultSet rs, int rowNum) throws SQLException {
        return new ArchivedMessage(rs.getObject("server_msg_id", UUID.class), rs.getString("client_msg_id"),
                rs.getString("conversation_id"), rs.getLong("seq"), rs.getObject("sent_at", OffsetDateTime.class).toInstant());
    }
}
