package dev.parley.conversations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.parley.archive.ArchivePositions;
import dev.parley.log.LogReader;
import dev.parley.log.LogTail;
import dev.parley.log.LoggedMessage;
import dev.parley.system.ParleyError;

/**
 * What the log has that the archive does not have yet: history and resume read the archive up to
 * its stored position in each partition, and this from there on. The position is read first and
 * the rows after it, so nothing falls between the two reads; the rest comes from {@link LogTail}
 * (memory), or from Kafka itself, up to its end, when the tail does not reach back that far or
 * when another node of a cluster routes that partition.
 * Blocking.
 */
final class Unarchived {

    /** A cut across the log: per partition, archived below {@code archivedUpTo}, and the messages from there on. */
    record Cut(Map<Integer, Long> archivedUpTo, List<LoggedMessage> messages) {

        long archivedUpTo(int partition) {
            return archivedUpTo.getOrDefault(partition, 0L);
        }
    }

    private static final Duration STARTING = Duration.ofSeconds(10);
    private static final Duration KAFKA_READ = Duration.ofSeconds(10);

    private final ArchivePositions positions;
    private final LogTail tail;
    private final LogReader log;

    Unarchived(ArchivePositions positions, LogTail tail, LogReader log) {
        this.positions = positions;
        this.tail = tail;
        this.log = log;
    }

    int partitionOf(String conversationId) {
        return log.partitionOf(conversationId);
    }

    /** The cut over every partition, keeping the messages {@code wanted} accepts. */
    Cut all(Predicate<LoggedMessage> wanted) {
        awaitRouterReady();
        Map<Integer, Long> archived = positions.read();
        Ends ends = new Ends(null);
        List<LoggedMessage> found = new ArrayList<>();
        for (int p = 0; p < log.partitions(); p++) {
            collect(p, archived.getOrDefault(p, 0L), ends, wanted, found);
        }
        return new Cut(archived, found);
    }

    /** The cut over one conversation's partition, keeping that conversation's messages. */
    Cut conversation(String conversationId) {
        awaitRouterReady();
        int partition = log.partitionOf(conversationId);
        Map<Integer, Long> archived = positions.read();
        List<LoggedMessage> found = new ArrayList<>();
        collect(partition, archived.getOrDefault(partition, 0L), new Ends(List.of(partition)), m -> m.record().conversationId().equals(conversationId), found);
        return new Cut(archived, found);
    }

    /**
     * Where the partitions end, asked once per cut and only if the tail cannot serve a partition:
     * taken after the archive's positions (and, for a resume, after the user was registered), so
     * it reaches at least as far as anything routed before. A partition the archive has to its end
     * needs no read at all.
     */
    private final class Ends {
        private final List<Integer> asked; // null: every partition
        private Map<Integer, Long> ends;

        Ends(List<Integer> asked) {
            this.asked = asked;
        }

        long of(int partition) {
            if (ends == null) {
                ends = asked == null ? log.ends(KAFKA_READ) : log.ends(asked, KAFKA_READ);
            }
            return ends.get(partition);
        }
    }

    private void collect(int partition, long from, Ends ends, Predicate<LoggedMessage> wanted, List<LoggedMessage> into) {
        List<LoggedMessage> messages = tail.since(partition, from)
                .orElseGet(() -> log.read(partition, from, ends.of(partition), KAFKA_READ));
        for (LoggedMessage m : messages) {
            if (wanted.test(m)) {
                into.add(m);
            }
        }
    }

    /**
     * Right after a start the router re-reads the newest records without routing them; until it
     * has, the tail does not reach the point where live routing took over. A short wait, then a retryable error.
     */
    private void awaitRouterReady() {
        if (!tail.awaitReady(STARTING)) {
            throw ParleyError.unavailable("starting", "The server is still starting; retry shortly");
        }
    }
}
