package dev.parley.archive;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.parley.log.LogRecord;
import dev.parley.log.LoggedMessage;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Applies change records (edits, deletes, reactions) to the archive, in log order, inside the
 * archive's transaction: the message's row takes its current state, {@code reactions} who reacted
 * with what, and {@code message_changes} one row per change, which resume replays. A change
 * already archived (its id has a row) is skipped, so a batch written again changes nothing twice.
 * A delete leaves a tombstone: the text, attachment and reactions go, and so do the quotes of it
 * in replies.
 */
final class ChangeWriter {

    private static final String INSERT_CHANGE = "INSERT INTO message_changes (change_id, conversation_id, seq, log_partition, kind,"
            + " target_id, actor_id, actor_username, emoji, added, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String ADD_REACTION = """
            MERGE INTO reactions r
            USING (VALUES (CAST(? AS UUID), CAST(? AS VARCHAR(64)), CAST(? AS UUID), CAST(? AS VARCHAR(32)), CAST(? AS TIMESTAMP WITH TIME ZONE)))
                AS s (message_id, emoji, user_id, username, reacted_at)
            ON r.message_id = s.message_id AND r.emoji = s.emoji AND r.user_id = s.user_id
            WHEN NOT MATCHED THEN INSERT (message_id, emoji, user_id, username, reacted_at)
            VALUES (s.message_id, s.emoji, s.user_id, s.username, s.reacted_at)
            """;

    /** Applies the changes; returns those applied (the ones not archived before). */
    List<LoggedMessage> apply(JdbcTemplate jdbc, List<LoggedMessage> changes) {
        if (changes.isEmpty()) {
            return List.of();
        }
        Set<UUID> archived = archived(jdbc, changes);
        List<LoggedMessage> applied = new ArrayList<>(changes.size());
        Map<String, Long> newest = new LinkedHashMap<>();
        for (LoggedMessage m : changes) {
            if (archived.contains(m.record().serverMsgId())) {
                continue;
            }
            apply(jdbc, m);
            applied.add(m);
            newest.merge(m.record().conversationId(), m.seq(), Math::max);
        }
        newest.forEach((conversation, seq) -> jdbc.update(
                "UPDATE conversations SET last_event_seq = ? WHERE id = ? AND (last_event_seq IS NULL OR last_event_seq < ?)",
                seq, conversation, seq));
        return applied;
    }

    private static Set<UUID> archived(JdbcTemplate jdbc, List<LoggedMessage> changes) {
        List<Object> ids = new ArrayList<>(changes.size());
        changes.forEach(m -> ids.add(m.record().serverMsgId()));
        String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        return new HashSet<>(jdbc.queryForList("SELECT change_id FROM message_changes WHERE change_id IN (" + marks + ")", UUID.class,
                ids.toArray()));
    }

    private static void apply(JdbcTemplate jdbc, LoggedMessage m) {
        LogRecord r = m.record();
        OffsetDateTime at = OffsetDateTime.ofInstant(r.sentAt(), ZoneOffset.UTC);
        jdbc.update(INSERT_CHANGE, r.serverMsgId(), r.conversationId(), m.seq(), m.position().partition(), r.kind(), r.target(),
                r.from(), r.fromUsername(), r.emoji(), r.added(), at);
        switch (r.kind()) {
            case LogRecord.EDIT -> jdbc.update("UPDATE messages SET content = ?, edited_at = ? WHERE server_msg_id = ? AND deleted_at IS NULL",
                    r.content(), at, r.target());
            case LogRecord.DELETE -> {
                jdbc.update("UPDATE messages SET content = '', attachment_url = NULL, reply_quote = NULL, deleted_at = ?"
                        + " WHERE server_msg_id = ? AND deleted_at IS NULL", at, r.target());
                jdbc.update("UPDATE messages SET reply_quote = NULL WHERE reply_to = ?", r.target());
                jdbc.update("DELETE FROM reactions WHERE message_id = ?", r.target());
            }
            case LogRecord.REACTION -> {
                if (Boolean.TRUE.equals(r.added())) {
                    jdbc.update(ADD_REACTION, r.target(), r.emoji(), r.from(), r.fromUsername(), at);
                } else {
                    jdbc.update("DELETE FROM reactions WHERE message_id = ? AND emoji = ? AND user_id = ?", r.target(), r.emoji(), r.from());
                }
            }
            default -> throw new IllegalStateException("not a change: " + r.kind()); // refused by problem() before
        }
    }

    /** Why this change record cannot be archived (it goes to the dead letters), or null. */
    static String problem(LogRecord r) {
        if (!Set.of(LogRecord.EDIT, LogRecord.DELETE, LogRecord.REACTION).contains(r.kind())) {
            return "a record of unknown kind '" + r.kind() + "'";
        }
        if (r.target() == null || r.serverMsgId() == null || r.conversationId() == null || r.from() == null || r.fromUsername() == null
                || r.sentAt() == null) {
            return "a " + r.kind() + " record without its target, id, conversation, author or time";
        }
        if (LogRecord.EDIT.equals(r.kind()) && r.content() == null || LogRecord.REACTION.equals(r.kind()) && (r.emoji() == null || r.added() == null)) {
            return "a " + r.kind() + " record without its content or emoji";
        }
        return null;
    }
}
