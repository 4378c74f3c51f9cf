package dev.parley.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.parley.log.LogRecord;
import dev.parley.log.LoggedMessage;
import org.springframework.dao.DataIntegrityViolationException;
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
     * <p>
     * Such ids are rare, so the batch is first inserted as it is; only when the database refuses a
     * duplicate (and rolls the transaction back) are the present ids looked up and left out. That
     * spares every batch a query.
     */
    List<LoggedMessage> insertNew(List<LoggedMessage> batch) {
        Map<UUID, LoggedMessage> firstById = new LinkedHashMap<>();
        for (LoggedMessage m : batch) {
            firstById.putIfAbsent(m.record().serverMsgId(), m);
        }
        List<LoggedMessage> candidates = List.copyOf(firstById.values());
        try {
            return insert(candidates);
        } catch (DataIntegrityViolationException duplicate) {
            Set<UUID> present = existing(List.copyOf(firstById.keySet()));
            List<LoggedMessage> fresh = candidates.stream().filter(m -> !present.contains(m.record().serverMsgId())).toList();
            return fresh.isEmpty() ? fresh : insert(fresh);
        }
    }

    private List<LoggedMessage> insert(List<LoggedMessage> fresh) {
        Set<String> participants = transactions.execute(status -> {
            insertMessages(fresh);
            return conversations.record(fresh);
        });
        conversations.committed(participants);
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
