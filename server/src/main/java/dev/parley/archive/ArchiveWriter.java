package dev.parley.archive;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.parley.log.LogBatch;
import dev.parley.log.LogRecord;
import dev.parley.log.LoggedMessage;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one poll batch of the log into the archive in one transaction: the new message rows (one
 * multi-row INSERT), the changes to messages ({@link ChangeWriter}), the conversation index (one MERGE per table), the records that cannot be
 * stored (dead letters) and, in the same transaction, the archive's position in each partition.
 * The rows and the position commit together or not at all, so the archive can never be past a row
 * it does not have, nor hold a row twice.
 * <p>
 * The batch is first written as it is. Only if the database refuses it for a data reason (a
 * message id archived already, content the database cannot store) are the rows written one by one
 * under savepoints, to tell which: a duplicate is skipped, any other refusal becomes a dead
 * letter. A failure that is not about the data (the database is away, a timeout) is thrown: the
 * caller retries the whole batch later.
 */
final class ArchiveWriter {

    /** What one batch did. */
    record Written(List<LoggedMessage> stored, int duplicates, List<DeadLetter> deadLetters) {
    }

    record DeadLetter(int partition, long offset, UUID serverMsgId, String reason, byte[] payload) {
    }

    private static final String INSERT_MESSAGES = "INSERT INTO messages (server_msg_id, conversation_id, seq, log_partition, sender_id,"
            + " sender_username, recipient_id, recipient_username, room, client_msg_id, content, attachment_url, sent_at) VALUES %s";
    private static final String MESSAGE_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String POSITIONS = """
            MERGE INTO archive_positions p
            USING (VALUES %s) AS s (log_partition, next_offset, updated_at)
            ON p.log_partition = s.log_partition
            WHEN MATCHED THEN UPDATE SET next_offset = s.next_offset, updated_at = s.updated_at
            WHEN NOT MATCHED THEN INSERT (log_partition, next_offset, updated_at) VALUES (s.log_partition, s.next_offset, s.updated_at)
            """;
    private static final String POSITION_ROW = "(CAST(? AS INTEGER), CAST(? AS BIGINT), CAST(? AS TIMESTAMP WITH TIME ZONE))";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ConversationIndex index = new ConversationIndex();
    private final ChangeWriter changes = new ChangeWriter();
    private final Clock clock;
    private final JsonMapper json;

    ArchiveWriter(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.transactions = transactions;
        this.clock = clock;
    }

    Written write(LogBatch batch) {
        List<LoggedMessage> unique = new ArrayList<>(batch.messages().size());
        List<DeadLetter> unreadable = new ArrayList<>(batch.unreadable().stream()
                .map(u -> new DeadLetter(u.partition(), u.offset(), null, u.problem(), u.value())).toList());
        Set<UUID> ids = new HashSet<>();
        int repeated = 0;
        for (LoggedMessage m : batch.messages()) {
            String problem = m.record().isMessage() ? null : ChangeWriter.problem(m.record());
            if (problem != null) {
                unreadable.add(new DeadLetter(m.position().partition(), m.seq(), m.record().serverMsgId(), problem, json.writeValueAsBytes(m.record())));
            } else if (ids.add(m.record().serverMsgId())) {
                unique.add(m);
            } else {
                repeated++;
            }
        }
        int duplicates = repeated;
        try {
            return commit(status -> {
                List<LoggedMessage> messages = unique.stream().filter(m -> m.record().isMessage()).toList();
                insert(messages);
                // Changes after the messages: a change may be to a message of the same batch.
                List<LoggedMessage> applied = changes.apply(jdbc, unique.stream().filter(m -> !m.record().isMessage()).toList());
                List<LoggedMessage> stored = new ArrayList<>(messages);
                stored.addAll(applied);
                return new Written(stored, duplicates + (unique.size() - stored.size()), unreadable);
            }, batch.nextOffsets());
        } catch (DataAccessException e) {
            if (!Failures.isAboutTheData(e)) {
                throw e;
            }
            return commit(status -> oneByOne(status, unique, duplicates, unreadable), batch.nextOffsets());
        }
    }

    /** The rows, the index, dead letters and positions in one transaction; the index learns what is committed only after it. */
    private Written commit(java.util.function.Function<TransactionStatus, Written> rows, Map<Integer, Long> nextOffsets) {
        record Committed(Written written, Set<String> participants) {
        }
        Committed committed = transactions.execute(status -> {
            Written w = rows.apply(status);
            Set<String> participants = index.record(jdbc, w.stored().stream().filter(m -> m.record().isMessage()).toList());
            deadLetters(w.deadLetters());
            positions(nextOffsets);
            return new Committed(w, participants);
        });
        index.committed(committed.participants());
        return committed.written();
    }

    private Written oneByOne(TransactionStatus status, List<LoggedMessage> unique, int repeated, List<DeadLetter> unreadable) {
        List<LoggedMessage> stored = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>(unreadable);
        int duplicates = repeated;
        DataAccessException lastRefusal = null;
        for (LoggedMessage m : unique) {
            Object savepoint = status.createSavepoint();
            try {
                if (m.record().isMessage()) {
                    insert(List.of(m));
                    stored.add(m);
                } else if (changes.apply(jdbc, List.of(m)).isEmpty()) {
                    duplicates++;
                } else {
                    stored.add(m);
                }
                status.releaseSavepoint(savepoint);
            } catch (DuplicateKeyException alreadyArchived) {
                status.rollbackToSavepoint(savepoint);
                duplicates++;
            } catch (DataAccessException e) {
                status.rollbackToSavepoint(savepoint);
                if (!Failures.isAboutTheData(e)) {
                    throw e;
                }
                lastRefusal = e;
                dead.add(new DeadLetter(m.position().partition(), m.seq(), m.record().serverMsgId(), Failures.describe(e),
                        json.writeValueAsBytes(m.record())));
            }
        }
        if (stored.isEmpty() && duplicates == repeated && dead.size() - unreadable.size() > 10) {
            // Every row refused, for a reason other than duplicates: that is the database, not the data. Retry later.
            throw new IllegalStateException("the archive refused every row of a batch of " + unique.size() + ": "
                    + Failures.forLog(lastRefusal));
        }
        return new Written(stored, duplicates, dead);
    }

    private void insert(List<LoggedMessage> messages) {
        List<Object[]> rows = new ArrayList<>(messages.size());
        for (LoggedMessage m : messages) {
            LogRecord r = m.record();
            rows.add(new Object[] {r.serverMsgId(), r.conversationId(), m.seq(), m.position().partition(), r.from(), r.fromUsername(),
                    r.to(), r.toUsername(), r.room(), r.clientMsgId(), r.content(), r.attachmentUrl(),
                    OffsetDateTime.ofInstant(r.sentAt(), ZoneOffset.UTC)});
        }
        Rows.update(jdbc, INSERT_MESSAGES, MESSAGE_ROW, rows);
    }

    private void deadLetters(List<DeadLetter> dead) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        for (DeadLetter d : dead) {
            jdbc.update("INSERT INTO dead_letters (log_partition, log_offset, server_msg_id, reason, payload_base64, failed_at) VALUES (?, ?, ?, ?, ?, ?)",
                    d.partition(), d.offset(), d.serverMsgId(), d.reason(),
                    Base64.getEncoder().encodeToString(d.payload()), now);
        }
    }

    private void positions(Map<Integer, Long> nextOffsets) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<Object[]> rows = new ArrayList<>(nextOffsets.size());
        nextOffsets.forEach((partition, next) -> rows.add(new Object[] {partition, next, now}));
        Rows.update(jdbc, POSITIONS, POSITION_ROW, rows);
    }
}
