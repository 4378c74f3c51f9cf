package dev.parley.log;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The topic and the Kafka clients of a {@link LogMirror}, with the settings its guarantee rests on. */
final class MirrorClients {

    /** How long a copy may wait for the mirror topic before it is retried; well inside the consumer's 5-minute poll interval. */
    static final int DELIVERY_TIMEOUT_MS = 30_000;

    private MirrorClients() {
    }

    /**
     * Creates the mirror topic if missing (with the log's partition count and the same replication
     * as every topic Parley creates, so an acknowledged copy is as safe as the message), then the clients.
     */
    static LogMirror create(LogMirror.Spec spec, LogReader reader, KafkaBootstrap bootstrap, MessageTopic.Durability durability,
                            MeterRegistry meters) {
        if (spec.topic().equals(reader.topic())) {
            throw new IllegalStateException("The mirror topic cannot be the message log's own topic " + reader.topic());
        }
        int partitions;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.servers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
            // No retention set: a feed for other consumers, kept as the broker keeps topics by default (the log is the record).
            MessageTopic.ensureTopic(admin, spec.topic(), reader.partitions(), durability, Map.of("cleanup.policy", "delete"));
            partitions = MessageTopic.describePartitions(admin, spec.topic());
        }
        String clientId = "parley-" + spec.name().replace('.', '-') + "-" + spec.memberId();
        return new LogMirror(spec, reader, consumer(spec, bootstrap, clientId), producer(bootstrap, clientId), partitions, meters);
    }

    /**
     * A group member (static, cooperative like the router's and archive's leases) that commits by
     * hand, after the copies are acknowledged. A group seen for the first time starts at the log's
     * beginning: the mirror is a copy of every message, not only of those sent after it was switched on.
     */
    private static KafkaConsumer<Void, byte[]> consumer(LogMirror.Spec spec, KafkaBootstrap bootstrap, String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.servers());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, spec.group());
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, spec.memberId());
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) spec.sessionTimeout().toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(200, spec.sessionTimeout().toMillis() / 6));
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, List.of(CooperativeStickyAssignor.class.getName()));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        Deserializer<Void> ignoredKey = (topic, data) -> null; // the value carries the conversation id
        return new KafkaConsumer<>(props, ignoredKey, new ByteArrayDeserializer());
    }

    /** acks=all and idempotence: an acknowledged copy is on every in-sync replica, and retries never duplicate or reorder it. */
    private static KafkaProducer<String, byte[]> producer(KafkaBootstrap bootstrap, String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.servers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(props);
    }
}
