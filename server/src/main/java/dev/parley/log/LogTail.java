package dev.parley.log;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The newest part of the log as the live router has read it, kept in memory: what resume and
 * history read beyond the archive (which may lag), and the window in which a message id that
 * appears in the log a second time (a retried send written twice) is recognized.
 * <p>
 * Per partition it holds, in offset order, every message from {@code coveredFrom} up to what the
 * router has handled, first copies only. The archive trims it as it commits ({@link #archived});
 * {@link #MARGIN} messages below the archive's position are kept, so a reader that took the
 * archive's position a moment ago still finds its starting point here. A hard cap per partition
 * bounds memory when the archive falls far behind; a reader that then asks for more than is kept
 * is told so ({@link #since} is empty) and reads Kafka instead.
 */
public final class LogTail {

    /** Messages kept below the archive's position (per partition): readers race the archive by this much. */
    static final int MARGIN = 500;

    /** Where the first copy of a message id is in the log. */
    public record Seen(String conversationId, long seq, java.time.Instant sentAt) {
    }

    private static final class Partition {
        final Ring messages;
        long coveredFrom = Long.MAX_VALUE;
        long next = -1;
        /** Below this, every message was handed to its recipients' sessions (or forwarded): {@code next} moves before that, this after. */
        long routed = -1;
        long liveFrom = Long.MAX_VALUE;
        long archivedUpTo;
        /** Whether the router reads this partition (in cluster mode another node may). */
        boolean covered;

        Partition(int capacity) {
            messages = new Ring(capacity);
        }
    }

    private final Partition[] partitions;
    private final int idsPerGeneration;
    private final java.util.concurrent.CountDownLatch readyLatch = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean started;
    private Map<UUID, Seen> ids = new HashMap<>();
    private Map<UUID, Seen> olderIds = new HashMap<>();

    /**
     * @param capacity         most messages kept per partition
     * @param idsPerGeneration message ids remembered: between one and two generations of this many
     */
    public LogTail(int partitionCount, int capacity, int idsPerGeneration) {
        this.partitions = new Partition[partitionCount];
        Arrays.setAll(partitions, i -> new Partition(capacity));
        this.idsPerGeneration = idsPerGeneration;
    }

    /** The router starts reading {@code partition} at {@code from}; messages before {@code liveFrom} were routed by an earlier run. */
    public void startAt(int partition, long from, long liveFrom) {
        Partition p = partitions[partition];
        synchronized (p) {
            p.messages.clear();
            p.coveredFrom = from;
            p.next = from;
            p.routed = from;
            p.liveFrom = liveFrom;
            p.covered = true;
        }
        started = true;
        signalIfReady();
    }

    /** The router runs, even if it reads no partition yet (in cluster mode it may hold none). */
    public void routerStarted() {
        started = true;
        signalIfReady();
    }

    /** The router no longer reads {@code partition} (another node took it over): readers go to Kafka for it. */
    public void release(int partition) {
        Partition p = partitions[partition];
        synchronized (p) {
            p.messages.clear();
            p.coveredFrom = Long.MAX_VALUE;
            p.next = -1;
            p.routed = -1;
            p.liveFrom = Long.MAX_VALUE;
            p.covered = false;
        }
    }

    /**
     * Adds the next message of its partition. Returns false when its id was seen before (a second
     * copy of a retried send): that copy is neither kept nor to be routed.
     */
    public boolean append(LoggedMessage message) {
        Partition p = partitions[message.position().partition()];
        boolean first = remember(message);
        synchronized (p) {
            p.next = message.seq() + 1;
            if (first) {
                if (p.messages.full()) {
                    p.coveredFrom = p.messages.removeFirst().seq() + 1;
                }
                p.messages.add(message);
            }
        }
        signalIfReady();
        return first;
    }

    /** The router has read and routed up to {@code next} (records it skipped included). */
    public void advance(int partition, long next) {
        Partition p = partitions[partition];
        synchronized (p) {
            p.next = Math.max(p.next, next);
            p.routed = Math.max(p.routed, next);
        }
        signalIfReady();
    }

    /** Whether messages read at this offset are new to live routing (not routed by an earlier run of the node). */
    public boolean isLive(LoggedMessage message) {
        return message.seq() >= partitions[message.position().partition()].liveFrom;
    }

    /** Waits (on a blocking thread) until {@link #ready()}, at most {@code timeout}; whether it is. */
    public boolean awaitReady(java.time.Duration timeout) {
        signalIfReady();
        try {
            return readyLatch.await(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Once ready, stays ready (the router only moves forward): after that this costs one volatile read. */
    private void signalIfReady() {
        if (readyLatch.getCount() > 0 && ready()) {
            readyLatch.countDown();
        }
    }

    /** Whether the router has caught up with where live routing began on every partition it reads. */
    public boolean ready() {
        if (!started) {
            return false;
        }
        for (Partition p : partitions) {
            synchronized (p) {
                if (p.covered && p.next < p.liveFrom) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The archive holds everything of {@code partition} below {@code next}. */
    public void archived(int partition, long next) {
        Partition p = partitions[partition];
        synchronized (p) {
            p.archivedUpTo = Math.max(p.archivedUpTo, next);
            trim(p);
        }
    }

    /**
     * Where live routing has got to in {@code partition}: every message below it is in its
     * recipients' sessions' queues or forwarded (a drain closes sessions only then); -1 when this
     * node does not route it or has not caught up yet.
     */
    public long routedUpTo(int partition) {
        Partition p = partitions[partition];
        synchronized (p) {
            return p.covered && p.routed >= p.liveFrom ? p.routed : -1;
        }
    }

    /** Where the router has got to in {@code partition}: every message below it was routed (or was before a restart). */
    public long next(int partition) {
        Partition p = partitions[partition];
        synchronized (p) {
            return p.next;
        }
    }

    /**
     * Every message of {@code partition} from offset {@code from} up to what the router has handled,
     * oldest first; empty when this tail no longer (or not yet) reaches back to {@code from}, or
     * does not reach up to where live routing began (then only Kafka has all of it).
     */
    public Optional<List<LoggedMessage>> since(int partition, long from) {
        Partition p = partitions[partition];
        synchronized (p) {
            if (!p.covered || from < p.coveredFrom || p.next < p.liveFrom) {
                return Optional.empty();
            }
            return Optional.of(p.messages.from(from));
        }
    }

    /** Where the first copy of this message id is, if it is recent enough to be remembered. */
    public synchronized Optional<Seen> firstCopy(UUID serverMsgId) {
        return Optional.ofNullable(seen(serverMsgId));
    }

    private Seen seen(UUID serverMsgId) {
        Seen seen = ids.get(serverMsgId);
        return seen != null ? seen : olderIds.get(serverMsgId);
    }

    private synchronized boolean remember(LoggedMessage message) {
        UUID id = message.record().serverMsgId();
        Seen seen = seen(id);
        if (seen != null) {
            // The same record read again (a partition taken back, re-read from before where routing resumes) is
            // still the first copy; only a copy at another offset is a retry written twice.
            return seen.seq() == message.seq() && seen.conversationId().equals(message.record().conversationId());
        }
        if (ids.size() >= idsPerGeneration) {
            olderIds = ids;
            ids = new HashMap<>();
        }
        ids.put(id, new Seen(message.record().conversationId(), message.seq(), message.record().sentAt()));
        return true;
    }

    /** Drops the oldest messages while more than {@link #MARGIN} of those kept are archived already. */
    private void trim(Partition p) {
        while (p.messages.size() > MARGIN && p.messages.get(MARGIN).seq() < p.archivedUpTo) {
            p.coveredFrom = p.messages.removeFirst().seq() + 1;
        }
    }
}
