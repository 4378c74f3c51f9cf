package dev.parley.log;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import dev.parley.system.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread reading some partitions of the message log with explicit assignment: no consumer
 * group, so no rebalance and no session timeout to wait out after a crash, and no offsets
 * committed to Kafka. Where to start is the owner's decision ({@link StartAt}); a consumer that
 * must not lose its place stores its position itself, next to what it wrote.
 * <p>
 * Each poll is handed over as one {@link LogBatch}, in offset order per partition. The handler
 * returns when the batch is done; the next poll only happens then, so a handler that retries (the
 * archive waiting for its database) holds its partitions where they are. The thread is never
 * interrupted (H2 closes its file store when an interrupt hits it); {@link #stop()} sets a flag
 * and wakes the consumer.
 */
public final class LogConsumer implements Backlogs.Stage {

    private static final Logger log = LoggerFactory.getLogger(LogConsumer.class);
    /** Warnings that can repeat per message, record or connection under load: the first at once, then a count every 5 s. */
    private static final ThrottledLog throttled = ThrottledLog.of(log);
    private static final Duration POLL = Duration.ofMillis(200);

    /** What the owner does with each batch; {@code consumer} lets a handler that retries wait and notice a stop. */
    public interface Handler {
        void handle(LogBatch batch, LogConsumer consumer);
    }

    /** Where each partition starts, given its current beginning and end offsets. May throw (retried). */
    public interface StartAt {
        long offset(int partition, long beginning, long end);
    }

    /** How far behind the log's end this consumer is: in records, and the age of the oldest one not handled yet. */
    public record Lag(long messages, long millis) {
    }

    private final String name;
    private final Consumer<Void, byte[]> consumer;
    private final LogReader reader;
    /** Read and written on the consumer's thread only; {@link #reassign} hands a change over through {@link #pending}. */
    private List<TopicPartition> partitions;
    private final java.util.concurrent.atomic.AtomicReference<Reassignment> pending = new java.util.concurrent.atomic.AtomicReference<>();
    private final StartAt startAt;
    private final Handler handler;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long behind;
    /** Producer timestamp (epoch ms) of the oldest record not handled yet; 0 when caught up. */
    private volatile long oldestPending;
    /** Per partition read, the records not handled yet (as of the last poll); for metrics. */
    private final Map<Integer, Double> partitionLag = new java.util.concurrent.ConcurrentHashMap<>();
    /** The partitions read now, and who wants to know when they change (metrics: one series per partition read). */
    private volatile java.util.Set<Integer> reading;
    private final List<java.util.function.Consumer<java.util.Set<Integer>>> readingListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Records written before this consumer started count as pending only from its start (a restart re-reads old ones). */
    private volatile long startedAt;

    LogConsumer(String name, Consumer<Void, byte[]> consumer, LogReader reader, List<Integer> partitions, StartAt startAt,
                Handler handler) {
        this.name = name;
        this.consumer = consumer;
        this.reader = reader;
        this.partitions = partitions.stream().map(p -> new TopicPartition(reader.topic(), p)).toList();
        this.reading = java.util.Set.copyOf(partitions);
        this.startAt = startAt;
        this.handler = handler;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    private record Reassignment(java.util.Set<Integer> partitions, java.util.concurrent.CompletableFuture<Void> done) {
    }

    /**
     * From the next batch on, reads {@code assigned} instead (partitions new to it start where
     * {@link StartAt} says). The future completes once the change is made: from then on nothing of
     * a partition left out is handled any more. Completes at once on a stopped consumer.
     */
    public java.util.concurrent.CompletableFuture<Void> reassign(java.util.Set<Integer> assigned) {
        Reassignment change = new Reassignment(java.util.Set.copyOf(assigned), new java.util.concurrent.CompletableFuture<>());
        Reassignment replaced = pending.getAndSet(change);
        if (replaced != null) {
            change.done().whenComplete((ok, error) -> replaced.done().complete(null));
        }
        if (!running || !thread.isAlive() && thread.getState() != Thread.State.NEW) {
            change.done().complete(null);
        } else {
            consumer.wakeup(); // an idle poll should not delay a hand-over
        }
        return change.done();
    }

    public void start() {
        thread.start();
    }

    public void stop() {
        running = false;
        consumer.wakeup();
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean running() {
        return running;
    }

    @Override
    public Lag lag() {
        long oldest = oldestPending;
        return new Lag(behind, oldest == 0 ? 0 : Math.max(0, System.currentTimeMillis() - oldest));
    }

    /** Per partition this consumer reads, how many records it has not handled yet. */
    public Map<Integer, Double> partitionLag() {
        return partitionLag;
    }

    /** Tells {@code listener} the partitions read now, and again whenever they change (a cluster's share moves). */
    public synchronized void onReading(java.util.function.Consumer<java.util.Set<Integer>> listener) {
        readingListeners.add(listener);
        listener.accept(reading);
    }

    private synchronized void reading(java.util.Set<Integer> now) {
        reading = java.util.Set.copyOf(now);
        readingListeners.forEach(listener -> listener.accept(reading));
    }

    /** Parks the calling handler for a while, returning early when the consumer is stopped. */
    public void pause(Duration duration) {
        if (running) {
            LockSupport.parkNanos(duration.toNanos());
        }
    }

    private void run() {
        startedAt = System.currentTimeMillis();
        try {
            consumer.assign(partitions);
            if (!seekToStart(partitions)) {
                return;
            }
            while (running) {
                if (!applyReassignment()) {
                    return;
                }
                if (partitions.isEmpty()) {
                    updateLag(0);
                    pause(POLL);
                    continue;
                }
                ConsumerRecords<Void, byte[]> records;
                try {
                    records = consumer.poll(POLL);
                } catch (WakeupException e) {
                    if (running) {
                        continue; // woken for a reassignment
                    }
                    throw e;
                }
                if (records.isEmpty()) {
                    updateLag(0);
                    continue;
                }
                oldestPending = Math.max(startedAt, oldestTimestamp(records));
                behind = currentLag() + records.count(); // the batch in hand is not handled yet
                handler.handle(LogBatch.of(records, reader), this);
                updateLag(newestTimestamp(records));
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("{} was woken up unexpectedly; it stops", name, e);
            }
        } catch (RuntimeException | Error e) {
            log.error("{} stopped on an unexpected failure; restart the node", name, e);
        } finally {
            running = false;
            Reassignment left = pending.getAndSet(null);
            if (left != null) {
                left.done().complete(null);
            }
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Applies a pending reassignment, if any; false when stopped meanwhile. */
    private boolean applyReassignment() {
        Reassignment change = pending.getAndSet(null);
        if (change == null) {
            return true;
        }
        try {
            List<TopicPartition> next = change.partitions().stream().sorted().map(p -> new TopicPartition(reader.topic(), p)).toList();
            List<TopicPartition> added = next.stream().filter(tp -> !partitions.contains(tp)).toList();
            consumer.assign(next);
            partitions = next;
            partitionLag.keySet().retainAll(change.partitions());
            reading(change.partitions());
            if (!added.isEmpty()) {
                startedAt = System.currentTimeMillis(); // re-read old records are not a backlog (as after a restart)
            }
            return seekToStart(added);
        } finally {
            change.done().complete(null);
        }
    }

    private boolean seekToStart(List<TopicPartition> toSeek) {
        if (toSeek.isEmpty()) {
            return true;
        }
        while (running) {
            try {
                Map<TopicPartition, Long> beginning = consumer.beginningOffsets(toSeek, Duration.ofSeconds(10));
                Map<TopicPartition, Long> end = consumer.endOffsets(toSeek, Duration.ofSeconds(10));
                for (TopicPartition tp : toSeek) {
                    long offset = startAt.offset(tp.partition(), beginning.get(tp), end.get(tp));
                    consumer.seek(tp, Math.max(beginning.get(tp), Math.min(offset, end.get(tp))));
                }
                return true;
            } catch (WakeupException e) {
                if (!running) {
                    return false;
                }
            } catch (RuntimeException e) {
                throttled.warn("{} cannot find where to start yet ({}); retrying", name, e.toString());
                pause(Duration.ofSeconds(1));
            }
        }
        return false;
    }

    private long currentLag() {
        long lag = 0;
        for (TopicPartition tp : partitions) {
            long behind = consumer.currentLag(tp).orElse(0);
            partitionLag.put(tp.partition(), (double) behind);
            lag += behind;
        }
        return lag;
    }

    private void updateLag(long newestHandled) {
        long lag = currentLag();
        behind = lag;
        // The next record is at least as old as the newest one just handled; good enough for a bound.
        oldestPending = lag == 0 ? 0 : Math.max(startedAt, newestHandled == 0 ? System.currentTimeMillis() : newestHandled);
    }

    private static long oldestTimestamp(ConsumerRecords<Void, byte[]> records) {
        long oldest = Long.MAX_VALUE;
        for (ConsumerRecord<Void, byte[]> record : records) {
            oldest = Math.min(oldest, record.timestamp());
        }
        return oldest;
    }

    private static long newestTimestamp(ConsumerRecords<Void, byte[]> records) {
        long newest = 0;
        for (ConsumerRecord<Void, byte[]> record : records) {
            newest = Math.max(newest, record.timestamp());
        }
        return newest;
    }
}
