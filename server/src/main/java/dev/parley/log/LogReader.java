package dev.parley.log;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
     * The readable messages of {@code partition} from offset {@code from} up to its end as Kafka
     * has it now, read straight from Kafka. Blocking; for the catch-ups that {@link LogTail} cannot
     * serve (it does not reach back that far, or another node routes that partition).
     */
    public List<LoggedMessage> readToEnd(int partition, long from, Duration timeout) {
        List<LoggedMessage> found = new ArrayList<>();
        TopicPartition tp = new TopicPartition(topic, partition);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<Void, byte[]> consumer = newConsumer(properties("parley-log-read"))) {
            consumer.assign(List.of(tp));
            long to = consumer.endOffsets(List.of(tp), timeout).get(tp);
            if (from >= to) {
                return found;
            }
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
        }
        return found;
    }

    Decoded decode(ConsumerRecord<Void, byte[]> record) {
        try {
            LogRecord value = decoder.decode(record.value());
            if (value == null || value.serverMsgId() == null || value.conversationId() == null || value.from() == null) {
                return new Decoded(null, "missing serverMsgId, conversationId or from");
            }
            return new Decoded(new LoggedMessage(value, new LogPosition(record.partition(), record.offset())), null);
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
