package dev.parley.archive;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.log.LogRecord;
import dev.parley.log.LoggedMessage;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps {@code conversations} (newest seq per conversation) and {@code direct_conversations} (who
 * is in which direct conversation) in step with the archive, inside the archive's transaction:
 * one multi-row MERGE per table per batch, one row per conversation however many of its messages
 * the batch holds. MERGE is the upsert both H2 and PostgreSQL (15+) understand.
 */
final class ConversationIndex {

    private static final String CONVERSATIONS = """
            MERGE INTO conversations c
            USING (VALUES %s) AS s (id, last_seq, last_sent_at)
            ON c.id = s.id
            WHEN MATCHED AND c.last_seq < s.last_seq THEN UPDATE SET last_seq = s.last_seq, last_sent_at = s.last_sent_at
            WHEN NOT MATCHED THEN INSERT (id, last_seq, last_sent_at) VALUES (s.id, s.last_seq, s.last_sent_at)
            """;
    private static final String CONVERSATION_ROW = "(CAST(? AS VARCHAR(100)), CAST(? AS BIGINT), CAST(? AS TIMESTAMP WITH TIME ZONE))";
    private static final String PARTICIPANTS = """
            MERGE INTO direct_conversations d
            USING (VALUES %s) AS s (user_id, conversation_id, other_user_id, started_at)
            ON d.user_id = s.user_id AND d.conversation_id = s.conversation_id
            WHEN NOT MATCHED THEN INSERT (user_id, conversation_id, other_user_id, started_at)
            VALUES (s.user_id, s.conversation_id, s.other_user_id, s.started_at)
            """;
    private static final String PARTICIPANT_ROW = "(CAST(? AS UUID), CAST(? AS VARCHAR(100)), CAST(? AS UUID), CAST(? AS TIMESTAMP WITH TIME ZONE))";

    /**
     * (participant, conversation) rows known to be committed: a direct conversation is started once
     * and then written to thousands of times, so its MERGE is skipped once the row is known to exist.
     */
    private final Cache<String, Boolean> knownParticipants = Caffeine.newBuilder().maximumSize(200_000).build();

    /**
     * Writes the index rows for {@code fresh} inside the caller's transaction; returns the
     * participant rows it wrote, for {@link #committed} once the transaction has committed.
     */
    Set<String> record(JdbcTemplate jdbc, List<LoggedMessage> fresh) {
        Map<String, LoggedMessage> newest = new LinkedHashMap<>();
        Map<String, LoggedMessage> firstDirect = new LinkedHashMap<>();
        for (LoggedMessage m : fresh) {
            String conversation = m.record().conversationId();
            newest.merge(conversation, m, (a, b) -> a.seq() >= b.seq() ? a : b);
            if (m.record().to() != null) {
                firstDirect.putIfAbsent(conversation, m); // one message names both participants
            }
        }
        Map<String, Object[]> participants = new LinkedHashMap<>();
        for (LoggedMessage m : firstDirect.values()) {
            LogRecord r = m.record();
            OffsetDateTime at = OffsetDateTime.ofInstant(r.sentAt(), ZoneOffset.UTC);
            addParticipant(participants, r.from() + r.conversationId(), new Object[] {r.from(), r.conversationId(), r.to(), at});
            addParticipant(participants, r.to() + r.conversationId(), new Object[] {r.to(), r.conversationId(), r.from(), at});
        }
        List<Object[]> latest = new ArrayList<>(newest.size());
        for (LoggedMessage m : newest.values()) {
            latest.add(new Object[] {m.record().conversationId(), m.seq(), OffsetDateTime.ofInstant(m.record().sentAt(), ZoneOffset.UTC)});
        }
        Rows.update(jdbc, CONVERSATIONS, CONVERSATION_ROW, latest);
        Rows.update(jdbc, PARTICIPANTS, PARTICIPANT_ROW, List.copyOf(participants.values()));
        return participants.keySet();
    }

    /** The rows {@link #record} wrote are now committed: later batches need not write them again. */
    void committed(Set<String> participantKeys) {
        for (String key : participantKeys) {
            knownParticipants.put(key, Boolean.TRUE);
        }
    }

    private void addParticipant(Map<String, Object[]> participants, String key, Object[] row) {
        if (knownParticipants.getIfPresent(key) == null) {
            participants.putIfAbsent(key, row);
        }
    }
}
