package dev.parley.archive;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.parley.log.LogBatch;
import dev.parley.log.LogConsumer;
import dev.parley.log.LogTail;
import dev.parley.system.FailurePhrase;
import dev.parley.system.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes its share of the log's partitions into the archive. Starts each partition where the
 * archive's stored position says (the position commits with the rows, see {@link ArchiveWriter}).
 * A batch that fails for a reason other than its data is retried, with back-off capped at 10 s,
 * until it is written: the archive lags while its database is away and catches up after, and
 * never skips anything. The lag shows in /health and, past its bound, refuses new sends.
 */
final class Archiver implements LogConsumer.Handler, LogConsumer.StartAt {

    private static final Logger log = LoggerFactory.getLogger(Archiver.class);
    /** Warnings that can repeat per message, record or connection under load: the first at once, then a count every 5 s. */
    private static final ThrottledLog throttled = ThrottledLog.of(log);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration LAST_RETRY = Duration.ofSeconds(10);

    private final ArchiveWriter writer;
    private final ArchivePositions positions;
    private final LogTail tail;
    private final ArchiveStatus status;
    private Map<Integer, Long> stored;

    Archiver(ArchiveWriter writer, ArchivePositions positions, LogTail tail, ArchiveStatus status) {
        this.writer = writer;
        this.positions = positions;
        this.tail = tail;
        this.status = status;
    }

    @Override
    public long offset(int partition, long beginning, long end) {
        if (stored == null) {
            stored = positions.read();
        }
        long next = stored.getOrDefault(partition, beginning);
        tail.archived(partition, next);
        return next;
    }

    @Override
    public void handle(LogBatch batch, LogConsumer consumer) {
        Duration wait = FIRST_RETRY;
        while (consumer.running()) {
            try {
                ArchiveWriter.Written written = writer.write(batch);
                batch.nextOffsets().forEach(tail::archived);
                status.succeeded(written.stored().size());
                for (ArchiveWriter.DeadLetter dead : written.deadLetters()) {
                    status.deadLettered();
                    throttled.error("Archive: record {}@{} (message {}) cannot be stored and went to dead_letters (with the reason)",
                            dead.partition(), dead.offset(), dead.serverMsgId());
                }
                return;
            } catch (RuntimeException e) {
                status.failed(e);
                throttled.warn("Archive: writing {} messages failed ({}); retrying in {} ms", batch.messages().size(),
                        Failures.forLog(e), wait.toMillis());
                consumer.pause(wait);
                wait = wait.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : wait.multipliedBy(2);
            }
        }
    }

    /** What the archive has done and whether its last write failed: for /health. */
    static final class ArchiveStatus {
        private final AtomicLong archived = new AtomicLong();
        private final AtomicLong deadLetters = new AtomicLong();
        private volatile String lastFailure;

        void succeeded(int messages) {
            archived.addAndGet(messages);
            lastFailure = null;
        }

        void failed(Throwable e) {
            lastFailure = FailurePhrase.of(e);
        }

        void deadLettered() {
            deadLetters.incrementAndGet();
        }

        long archived() {
            return archived.get();
        }

        long deadLetters() {
            return deadLetters.get();
        }

        /** A fixed phrase ({@link FailurePhrase}) while writes fail, else null. */
        String lastFailure() {
            return lastFailure;
        }
    }
}
