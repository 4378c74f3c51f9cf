package dev.parley.log;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import dev.parley.system.ThrottledLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A copy of the message log on another topic, one record per message, each transformed by the
 * owner (compat's echo-shaped mirror). At least once, in the log's order per partition:
 * <ul>
 * <li>It reads with a consumer group of its own, which shares the log's partitions among the nodes
 *     that run a mirror and keeps where each partition's copy got to. A partition's offset is
 *     committed only up to its first record the mirror topic has not acknowledged (acks=all,
 *     idempotent producer, {@link MirrorClients}): a crash between an ack and the commit copies
 *     those records again (duplicates), never leaves a gap.</li>
 * <li>A record that is not a Parley message is skipped, counted and warned about (throttled): one
 *     bad record must not stop its partition's copy.</li>
 * <li>Kafka away or refusing: the partition goes back to its first unacknowledged record and the
 *     batch is tried again after a back-off (0.2 s doubling to 10 s); polls wait, never spin.</li>
 * </ul>
 * One thread, never interrupted: {@link #stop()} sets a flag and wakes the consumer.
 */
public final class LogMirror {

    private static final Logger log = LoggerFactory.getLogger(LogMirror.class);
    /** Warnings that can repeat per record: the first at once, then a count every 5 s. */
    private static final ThrottledLog throttled = ThrottledLog.of(log);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

    /** Header of every copy: the message's {@code serverMsgId}, the same for every copy of one message. */
    public static final String SERVER_MSG_ID = "parley-server-msg-id";

    /** What is written to the mirror topic for one message. */
    public record Copy(String key, byte[] value) {
    }

    /**
     * @param name           thread and client name, and the metrics' prefix: "compat.mirror" gives the thread
     *                       {@code parley-compat-mirror} and the meters {@code parley.compat.mirror.*}
     * @param topic          the mirror topic, created at start if missing
     * @param group          the consumer group that shares the log's partitions and keeps the copy's positions
     * @param memberId       static member id (the node id): a restarted node takes its partitions back without a rebalance
     * @param sessionTimeout how long a crashed node's partitions wait before another node copies them
     * @param copy           the record for a message; null for a record that is not copied
     */
    public record Spec(String name, String topic, String group, String memberId, Duration sessionTimeout,
                       Function<LoggedMessage, Copy> copy) {
    }

    private final Spec spec;
    private final LogReader reader;
    private final Consumer<Void, byte[]> consumer;
    private final Producer<String, byte[]> producer;
    /** The mirror has a partition for each of the log's: copy partition p to p (see {@link #target}). */
    private final boolean samePartition;
    private final Thread thread;
    private final Counter mirrored;
    private final Counter unreadable;
    private final Counter produceFailures;
    private final Counter commitFailures;
    private final Counter readFailures;
    private volatile boolean running = true;
    private volatile long lag;

    LogMirror(Spec spec, LogReader reader, Consumer<Void, byte[]> consumer, Producer<String, byte[]> producer,
              int mirrorPartitions, MeterRegistry meters) {
        this.spec = spec;
        this.reader = reader;
        this.consumer = consumer;
        this.producer = producer;
        this.samePartition = mirrorPartitions >= reader.partitions();
        this.thread = Thread.ofPlatform().name("parley-" + spec.name().replace('.', '-')).daemon().unstarted(this::run);
        String meter = "parley." + spec.name();
        this.mirrored = records(meters, meter, "mirrored");
        this.unreadable = records(meters, meter, "unreadable");
        this.produceFailures = failures(meters, meter, "produce");
        this.commitFailures = failures(meters, meter, "commit");
        this.readFailures = failures(meters, meter, "read");
        Gauge.builder(meter + ".lag", this, m -> m.lag).baseUnit("messages")
                .description("Records of the log partitions this node mirrors that are not copied yet").register(meters);
        if (!samePartition) {
            log.info("Mirror topic {} has {} partition(s), fewer than the log's {}: Kafka picks the partition by key", spec.topic(),
                    mirrorPartitions, reader.partitions());
        }
    }

    private static Counter records(MeterRegistry meters, String meter, String outcome) {
        return Counter.builder(meter + ".records").tag("outcome", outcome)
                .description("Log records copied to the mirror topic (acknowledged), or skipped as unreadable").register(meters);
    }

    private static Counter failures(MeterRegistry meters, String meter, String stage) {
        return Counter.builder(meter + ".failures").tag("stage", stage)
                .description("Reads, copies and commits that Kafka refused or timed out; each is retried").register(meters);
    }

    public void start() {
        thread.start();
    }

    /** Lets the batch in hand finish (and be committed); if Kafka holds its acks past 10 s, they are failed and copied again later. */
    public void stop() {
        running = false;
        consumer.wakeup();
        LockSupport.unpark(thread);
        join(10);
        if (thread.isAlive()) {
            producer.close(Duration.ZERO); // fails the sends still waiting: nothing is committed for them
            join(5);
        }
    }

    private void join(int seconds) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(seconds));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long backoff = FIRST_BACKOFF_NANOS;
        try {
            consumer.subscribe(List.of(reader.topic()));
            while (running) {
                ConsumerRecords<Void, byte[]> records = ConsumerRecords.empty();
                try {
                    records = consumer.poll(POLL);
                    updateLag();
                    if (records.isEmpty() || copy(LogBatch.of(records, reader))) {
                        backoff = FIRST_BACKOFF_NANOS;
                        continue;
                    }
                } catch (WakeupException e) {
                    continue; // stop() woke the poll; the loop's condition decides
                } catch (RuntimeException e) {
                    rewind(records); // the poll moved past these records: read them again, they are not copied
                    readFailures.increment();
                    throttled.warn("{} cannot read the message log ({}); retrying", thread.getName(), e.toString());
                }
                if (running) {
                    LockSupport.parkNanos(backoff);
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
            }
        } catch (RuntimeException | Error e) {
            log.error("{} stopped on an unexpected failure; restart the node", thread.getName(), e);
        } finally {
            running = false;
            // A static member does not leave on close unless told to: its partitions would wait out the session timeout.
            consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(5)));
            producer.close(Duration.ofSeconds(2));
        }
    }

    private record Sent(int partition, long offset, Future<RecordMetadata> ack) {
    }

    /**
     * Copies one poll, waits for every ack, commits each partition up to its first record not
     * acknowledged, and rewinds the partitions that have one. True when all of it was copied.
     */
    boolean copy(LogBatch batch) {
        for (LogBatch.Unreadable bad : batch.unreadable()) {
            unreadable.increment();
            throttled.warn("{} skips record {} of partition {}: {}", thread.getName(), bad.offset(), bad.partition(), bad.problem());
        }
        List<Sent> sent = new ArrayList<>(batch.messages().size());
        Future<RecordMetadata> refused = null;
        for (LoggedMessage message : batch.messages()) {
            LogPosition at = message.position();
            Copy copy;
            try {
                copy = spec.copy().apply(message);
            } catch (RuntimeException e) { // a message the owner cannot turn into a copy is as unreadable as a bad record
                unreadable.increment();
                throttled.warn("{} skips record {} of partition {}: {}", thread.getName(), at.offset(), at.partition(), e.toString());
                continue;
            }
            if (copy == null) { // a record the owner does not copy
                continue;
            }
            if (refused != null) { // not tried: each send would wait max.block.ms for a broker that just refused one
                sent.add(new Sent(at.partition(), at.offset(), refused));
                continue;
            }
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(spec.topic(), target(at.partition()), copy.key(), copy.value());
            // The echo shape has no id: this header lets a consumer recognise a copy it has seen (at least once).
            record.headers().add(SERVER_MSG_ID, message.record().serverMsgId().toString().getBytes(StandardCharsets.UTF_8));
            Future<RecordMetadata> ack = send(record);
            sent.add(new Sent(at.partition(), at.offset(), ack));
            if (ack.state() == Future.State.FAILED) { // refused at once (RUNNING while it waits for the broker)
                refused = ack;
            }
        }
        Map<Integer, Long> firstFailed = new HashMap<>();
        Throwable failure = null;
        for (Sent s : sent) {
            try {
                s.ack().get(); // bounded by the producer's delivery timeout, or failed by stop()
                mirrored.increment();
            } catch (ExecutionException | InterruptedException e) {
                // Nothing interrupts this thread (stop() uses a flag); were it to happen, the record counts as not copied.
                firstFailed.merge(s.partition(), s.offset(), Math::min);
                failure = e instanceof ExecutionException ee ? ee.getCause() : e;
            }
        }
        Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
        batch.nextOffsets().forEach((p, next) -> positions.put(partition(p), new OffsetAndMetadata(firstFailed.getOrDefault(p, next))));
        commit(positions);
        if (failure == null) {
            return true;
        }
        firstFailed.forEach((p, offset) -> consumer.seek(partition(p), offset));
        produceFailures.increment();
        throttled.warn("{} could not copy to {} ({}); retrying from the first record not copied", thread.getName(), spec.topic(),
                failure.toString());
        return false;
    }

    /**
     * The log's partition when the mirror has as many: a conversation's messages then stay in one
     * mirror partition, in log order, and the load spreads like the log's. With fewer, the fixed key
     * hashes every copy to one partition, which keeps that order too.
     */
    private Integer target(int logPartition) {
        return samePartition ? logPartition : null;
    }

    private Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        try {
            return producer.send(record);
        } catch (RuntimeException e) { // metadata not available within max.block.ms, or the producer closed by stop()
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A failed commit leaves acknowledged copies uncommitted: the next commit covers them, or the next holder copies them again. */
    private void commit(Map<TopicPartition, OffsetAndMetadata> positions) {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                consumer.commitSync(positions, COMMIT_TIMEOUT);
                return;
            } catch (WakeupException e) {
                // stop() woke the consumer while committing: the copies are acknowledged, so commit once more
            } catch (RuntimeException e) {
                commitFailures.increment();
                throttled.warn("{} could not commit its position ({}); later commits cover it", thread.getName(), e.toString());
                return;
            }
        }
    }

    private void rewind(ConsumerRecords<Void, byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            consumer.seek(tp, records.records(tp).getFirst().offset());
        }
    }

    private void updateLag() {
        long behind = 0;
        for (TopicPartition tp : consumer.assignment()) {
            behind += consumer.currentLag(tp).orElse(0);
        }
        lag = behind;
    }

    private TopicPartition partition(int p) {
        return new TopicPartition(reader.topic(), p);
    }
}
