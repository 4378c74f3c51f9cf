package dev.parley.conversations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.parley.log.Reaction;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads of the archive: messages in their current state, and the changes made to them, in seq order. Blocking. */
class HistoryStore {

    static final String COLUMNS = "server_msg_id, client_msg_id, conversation_id, seq, log_partition, sender_id,"
            + " sender_username, recipient_id, recipient_username, room, content, attachment_url, sent_at,"
            + " reply_to, reply_from, reply_quote, edited_at, deleted_at";

    private final JdbcClient jdbc;

    HistoryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Up to {@code limit} messages with after < seq < before, the oldest first. */
    List<MessageView> oldestBetween(String conversationId, long after, long before, int limit) {
        return withReactions(jdbc.sql("SELECT " + COLUMNS + " FROM messages WHERE conversation_id = ? AND seq > ? AND seq < ? ORDER BY seq LIMIT ?")
                .params(conversationId, after, before, limit).query(HistoryStore::row).list());
    }

    /** Up to {@code limit} messages with after < seq < before, the newest first. */
    List<MessageView> newestBetween(String conversationId, long after, long before, int limit) {
        return withReactions(jdbc.sql("SELECT " + COLUMNS + " FROM messages WHERE conversation_id = ? AND seq > ? AND seq < ? ORDER BY seq DESC LIMIT ?")
                .params(conversationId, after, before, limit).query(HistoryStore::row).list());
    }

    /** The archived message with this id, in its archived state. */
    Optional<MessageView> byId(UUID serverMsgId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM messages WHERE server_msg_id = ?").param(serverMsgId)
                .query(HistoryStore::row).optional().map(m -> withReactions(List.of(m)).getFirst());
    }

    /** A change of the archive, with the current state of the message it changed (null fields if that is not archived). */
    record Change(long seq, String kind, UUID target, UUID actor, String actorUsername, String emoji, Boolean added,
                  Instant changedAt, String content, Instant editedAt, Instant deletedAt) {
    }

    /** Up to {@code limit} changes with after < seq < before, the oldest first. */
    List<Change> changesBetween(String conversationId, long after, long before, int limit) {
        return jdbc.sql("""
                        SELECT c.seq, c.kind, c.target_id, c.actor_id, c.actor_username, c.emoji, c.added, c.changed_at,
                               m.content, m.edited_at, m.deleted_at
                          FROM message_changes c LEFT JOIN messages m ON m.server_msg_id = c.target_id
                         WHERE c.conversation_id = ? AND c.seq > ? AND c.seq < ? ORDER BY c.seq LIMIT ?""")
                .params(conversationId, after, before, limit)
                .query((rs, n) -> new Change(rs.getLong("seq"), rs.getString("kind"), rs.getObject("target_id", UUID.class),
                        rs.getObject("actor_id", UUID.class), rs.getString("actor_username"), rs.getString("emoji"),
                        (Boolean) rs.getObject("added", Boolean.class), instant(rs, "changed_at"), rs.getString("content"),
                        instant(rs, "edited_at"), instant(rs, "deleted_at")))
                .list();
    }

    /** The archived reactions of these messages, in the order they were made. */
    Map<UUID, List<Reaction>> reactions(Collection<UUID> messages) {
        if (messages.isEmpty()) {
            return Map.of();
        }
        Map<UUID, List<Map.Entry<String, Reaction.Reactor>>> rows = new HashMap<>();
        jdbc.sql("SELECT message_id, emoji, user_id, username FROM reactions WHERE message_id IN (:ids) ORDER BY reacted_at, emoji, user_id")
                .param("ids", new ArrayList<>(new LinkedHashSet<>(messages)))
                .query((ResultSet rs) -> {
                    rows.computeIfAbsent(rs.getObject("message_id", UUID.class), id -> new ArrayList<>())
                            .add(Map.entry(rs.getString("emoji"), new Reaction.Reactor(rs.getObject("user_id", UUID.class), rs.getString("username"))));
                });
        Map<UUID, List<Reaction>> reactions = new HashMap<>();
        rows.forEach((id, list) -> reactions.put(id, Reaction.of(list)));
        return reactions;
    }

    private List<MessageView> withReactions(List<MessageView> messages) {
        Set<UUID> ids = new LinkedHashSet<>();
        messages.forEach(m -> ids.add(m.serverMsgId()));
        Map<UUID, List<Reaction>> reactions = reactions(ids);
        if (reactions.isEmpty()) {
            return messages;
        }
        List<MessageView> with = new ArrayList<>(messages.size());
        messages.forEach(m -> with.add(reactions.containsKey(m.serverMsgId()) ? m.withReactions(reactions.get(m.serverMsgId())) : m));
        return with;
    }

    static MessageView row(ResultSet rs, int rowNum) throws SQLException {
        UUID replyTo = rs.getObject("reply_to", UUID.class);
        return new MessageView(MessageView.eventId(rs.getInt("log_partition"), rs.getLong("seq")),
                rs.getObject("server_msg_id", UUID.class), rs.getString("client_msg_id"),
                rs.getObject("sender_id", UUID.class), rs.getString("sender_username"),
                rs.getObject("recipient_id", UUID.class), rs.getString("recipient_username"), rs.getString("room"),
                rs.getString("conversation_id"), rs.getLong("seq"), rs.getString("content"), rs.getString("attachment_url"),
                instant(rs, "sent_at"),
                replyTo == null ? null : new MessageView.Reply(replyTo, rs.getString("reply_from"), rs.getString("reply_quote")),
                instant(rs, "edited_at"), instant(rs, "deleted_at"), List.of());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }
}
