package dev.parley.log;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.parley.system.DataSettings;
import dev.parley.system.Role;
import dev.parley.tracing.MessageTracing;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wiring of the message log: the embedded broker (only when no external one is configured), the
 * topic, and the one producer every send goes through. Clients depend on {@link KafkaBootstrap},
 * which depends on the broker, so they start after it and close before it.
 */
@Configuration(proxyBeanMethods = false)
class LogConfiguration {

    @Bean(destroyMethod = "stop")
    @ConditionalOnExpression("'${parley.kafka.bootstrap-servers:}'.isBlank()")
    EmbeddedKafkaBroker embeddedKafkaBroker(KafkaSettings settings, DataSettings data) {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(data.resolve("kafka"), settings.embeddedPort(), settings.partitions());
        broker.start();
        return broker;
    }

    @Bean
    KafkaBootstrap kafkaBootstrap(KafkaSettings settings, Optional<EmbeddedKafkaBroker> broker) {
        return broker.map(b -> new KafkaBootstrap(b.bootstrapServers(), true))
                .orElseGet(() -> new KafkaBootstrap(settings.bootstrapServers().trim(), false));
    }

    @Bean(destroyMethod = "close")
    Admin kafkaAdmin(KafkaBootstrap bootstrap) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.servers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    /** What every topic Parley creates is given, and checked against when it exists: the embedded broker has one copy. */
    @Bean
    MessageTopic.Durability topicDurability(KafkaSettings settings, KafkaBootstrap bootstrap) {
        return bootstrap.embedded() ? new MessageTopic.Durability((short) 1, 1)
                : new MessageTopic.Durability(settings.replicationFactor(), settings.minInsyncReplicas());
    }

    @Bean
    MessageTopic messageTopic(Admin admin, KafkaSettings settings, MessageTopic.Durability durability) {
        return MessageTopic.ensure(admin, settings.topic(), settings.partitions(), durability);
    }

    /**
     * The producer's guarantee: acks=all and idempotence, so a confirmed record is on every in-sync
     * replica and internal retries never duplicate or reorder it within a partition. A record that
     * cannot be confirmed within the send timeout fails its future instead of being acked.
     */
    @Bean(destroyMethod = "close")
    Producer<String, byte[]> messageProducer(KafkaBootstrap bootstrap, KafkaSettings settings, MessageTopic topic) {
        int timeout = (int) settings.sendTimeout().toMillis();
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.servers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "parley-producer");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        // No compression: chat records are a few hundred bytes and batches small, and lz4 allocated a 64 KB block
        // buffer per batch, which was almost half of the node's allocation and its GC pauses (docs/benchmarks.md).
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(500, timeout / 2));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(props);
    }

    @Bean(destroyMethod = "close")
    MessageLog messageLog(Producer<String, byte[]> producer, MessageTopic topic, JsonMapper json, KafkaSettings settings,
                          MessageTracing tracing) {
        return new MessageLog(producer, topic.name(), topic.partitions(), json, settings.sendQueue(), tracing);
    }

    @Bean(destroyMethod = "close")
    LogReader logReader(KafkaBootstrap bootstrap, MessageTopic topic, JsonMapper json) {
        return new LogReader(bootstrap, topic, json);
    }

    @Bean
    Backlogs backlogs(MeterRegistry meters) {
        return new Backlogs(meters);
    }

    /** Sized in messages across all partitions (each message is a few hundred bytes); ids: two generations. */
    @Bean
    LogTail logTail(MessageTopic topic, KafkaSettings settings, Environment environment) {
        LogTail tail = new LogTail(topic.partitions(), Math.max(LogTail.MARGIN * 2, settings.tailMessages() / topic.partitions()),
                settings.recentIds());
        if (!Role.of(environment).contains(Role.ROUTER)) {
            tail.routerStarted(); // nothing will ever fill it: history and resume read the archive and Kafka
        }
        return tail;
    }
}
