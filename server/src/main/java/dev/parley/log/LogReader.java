package dev.parley.log;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Utils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading the message log: the record decoder, which partition holds a conversation, consumers
 * that follow partitions ({@link LogConsumer}), and one-off reads of a stretch of a partition.
 */
public final class LogReader {

    /** A decoded record, or why it could not be decoded. */
    record Decoded(LoggedMessage message, String problem) {
    }

    private final KafkaBootstrap bootstrap;
    private final String topic;
    private final int partitions;
    private final LogRecordDecoder decoder;
    static final int READERS = 4;
    private final java.util.concurrent.BlockingQueue<KafkaConsumer<Void, byte[]>> readers = new java.util.concurrent.ArrayBlockingQueue<>(READERS);
    private final java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();

    LogReader(KafkaBootstrap bootstrap, MessageTopic topic, JsonMapper json) {
        this.bootstrap = bootstrap;
        this.topic = topic.name();
        this.partitions = topic.partitions();
        this.decoder = new LogRecordDecoder(json);
    }

    public String topic() {
        return topic;
    }

    public int partitions() {
        return partitions;
    }

    /**
     * The partition a conversation's messages go to: the Kafka producer's default partitioner for a
     * keyed record (murmur2 of the key), which {@link MessageLog} relies on.
     */
    public int partitionOf(String conversationId) {
        return Utils.toPositive(Utils.murmur2(conversationId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** How a consumer trades latency for fewer, larger fetches. */
    public enum Pace {
        /** A fetch waits at most 2 ms for more records: live routing, in fewer broker round trips under load. */
        LIVE,
        /** A fetch waits up to 250 ms for 256 KB: fewer broker requests and larger batches (one transaction each) for the archive. */
        BATCHED
    }

    /** A consumer of the given partitions on its own thread; not started. */
    public LogConsumer consumer(String name, List<Integer> assigned, Pace pace, LogConsumer.StartAt startAt, LogConsumer.Handler handler) {
        Map<String, Object> props = properties(name);
        switch (pace) {
            case LIVE -> {
                props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024);
                props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 2);
            }
            case BATCHED -> {
                props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 256 * 1024);
                props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 250);
                props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
            }
        }
        return new LogConsumer(name, newConsumer(props), this, assigned, startAt, handler);
    }

    /** This node's share of the log's partitions among the members of {@code group}; not started. */
    public PartitionLeases leases(String name, String group, String memberId, Duration sessionTimeout, PartitionLeases.Holder holder) {
        return new PartitionLeases(name, bootstrap, topic, group, memberId, sessionTimeout, holder);
    }

    /**
     * A copy of the log on {@code spec.topic()}, created now if missing with {@code durability};
     * not started. Blocking (topic creation).
     */
    public LogMirror mirror(LogMirror.Spec spec, MessageTopic.Durability durability, io.micrometer.core.instrument.MeterRegistry meters) {
        return MirrorClients.create(spec, this, bootstrap, durability, meters);
    }

    /** Where every partition ends right now (one request). Blocking. */
    public Map<Integer, Long> ends(Duration timeout) {
        return ends(java.util.stream.IntStream.range(0, partitions).boxed().toList(), timeout);
    }

    /** Where these partitions end right now (one request). Blocking. */
    public Map<Integer, Long> ends(Collection<Integer> which, Duration timeout) {
        return withReader(consumer -> {
            List<TopicPartition> all = new ArrayList<>(which.size());
            for (int p : which) {
                all.add(new TopicPartition(topic, p));
            }
            Map<Integer, Long> ends = new HashMap<>();
            consumer.assign(all); // read_committed: the end of an unassigned partition is looked up with a warning each
            consumer.endOffsets(all, timeout).forEach((tp, end) -> ends.put(tp.partition(), end));
            return ends;
        });
    }

    /**
     * The readable messages of {@code partition} with {@code from <= offset < to}, read straight
     * from Kafka. Blocking; for the catch-ups that {@link LogTail} cannot serve (it does not reach
     * back that far, or another node routes that partition).
     */
    public List<LoggedMessage> read(int partition, long from, long to, Duration timeout) {
        List<LoggedMessage> found = new ArrayList<>();
        if (from >= to) {
            return found;
        }
        TopicPartition tp = new TopicPartition(topic, partition);
        long deadline = System.nanoTime() + timeout.toNanos();
        return withReader(consumer -> {
            consumer.assign(List.of(tp));
            consumer.seek(tp, from);
            while (consumer.position(tp) < to) {
                if (System.nanoTime() > deadline) {
                    throw new LogUnavailableException("Reading " + tp + " from " + from + " to " + to + " took longer than " + timeout, null);
                }
                for (ConsumerRecord<Void, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < to) {
                        LoggedMessage message = decode(record).message();
                        if (message != null) {
                            found.add(message);
                        }
                    }
                }
            }
            return found;
        });
    }

    /**
     * Lends one of at most {@value #READERS} consumers kept open for one-off reads: opening one per
     * read (metadata, connections) made a burst of resumes after a node failure take tens of seconds.
     * A consumer that failed is closed, not lent again.
     */
    private <T> T withReader(java.util.function.Function<KafkaConsumer<Void, byte[]>, T> read) {
        KafkaConsumer<Void, byte[]> consumer = readers.poll();
        if (consumer == null) {
            if (opened.incrementAndGet() <= READERS) {
                try {
                    consumer = newConsumer(properties("parley-log-read"));
                } catch (RuntimeException e) {
                    opened.decrementAndGet(); // the slot stays free for the next read
                    throw e;
                }
            } else {
                opened.decrementAndGet();
                try {
                    consumer = readers.poll(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LogUnavailableException("interrupted while waiting for a log reader", e);
                }
                if (consumer == null) {
                    throw new LogUnavailableException("no log reader free within 10 s", null);
                }
            }
        }
        try {
            T result = read.apply(consumer);
            readers.offer(consumer);
            return result;
        } catch (RuntimeException e) {
            opened.decrementAndGet();
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    void close() {
        for (KafkaConsumer<Void, byte[]> consumer; (consumer = readers.poll()) != null; ) {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    Decoded decode(ConsumerRecord<Void, byte[]> record) {
        try {
            LogRecord value = decoder.decode(record.value());
            if (value == null || value.serverMsgId() == null || value.conversationId() == null || value.from() == null) {
                return new Decoded(null, "missing serverMsgId, conversationId or from");
            }
            return new Decoded(new LoggedMessage(value, new LogPosition(record.partition(), record.offset()),
                    TraceHeader.read(record.headers())), null);
        } catch (JacksonException e) {
            return new Decoded(null, "not a Parley message record: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            return new Decoded(null, "not a Parley message record: " + e.getMessage());
        }
    }

    /** Record keys (the conversation id) are never read: the value carries it, so they are not even decoded. */
    private static KafkaConsumer<Void, byte[]> newConsumer(Map<String, Object> props) {
        Deserializer<Void> ignoredKey = (topic, data) -> null;
        return new KafkaConsumer<>(props, ignoredKey, new ByteArrayDeserializer());
    }

    /**
     * No group: consumers are assigned their partitions explicitly and keep their own positions.
     * read_committed, so a transactional writer's aborted records are never seen.
     */
    private Map<String, Object> properties(String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.servers());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A fetch returns as soon as one record is there; the wait only bounds idle polls.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        return props;
    }
}
