package dev.parley.log;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the message log lives and how it is written.
 *
 * @param bootstrapServers   external Kafka cluster; blank starts the embedded broker instead
 * @param topic              the message log topic
 * @param partitions         partitions created for the topic; fixed for the topic's life, since a
 *                           conversation's order relies on it always hashing to the same partition
 * @param replicationFactor  replicas for the topics Parley creates; -1 takes the broker's default.
 *                           An existing topic with fewer stops the start
 * @param minInsyncReplicas  {@code min.insync.replicas} for the topics Parley creates (an ack then means
 *                           this many copies); -1 takes the broker's default. An existing topic with
 *                           a lower value stops the start
 * @param sendTimeout        how long a send may wait for the log before the sender gets an error
 * @param embeddedPort       client port of the embedded broker
 * @param sendQueue          sends waiting for the producer thread; beyond it a send is refused as overloaded
 * @param tailMessages       newest messages kept in memory beyond the archive (all partitions), see LogTail
 * @param recentIds          message ids remembered per generation for recognizing a retry written twice (1 to 2 generations)
 */
@ConfigurationProperties("parley.kafka")
public record KafkaSettings(
        @DefaultValue("") String bootstrapServers,
        @DefaultValue("parley.messages") String topic,
        @DefaultValue("12") int partitions,
        @DefaultValue("-1") short replicationFactor,
        @DefaultValue("-1") int minInsyncReplicas,
        @DefaultValue("10s") Duration sendTimeout,
        @DefaultValue("9092") int embeddedPort,
        @DefaultValue("5000") int sendQueue,
        @DefaultValue("120000") int tailMessages,
        @DefaultValue("100000") int recentIds) {

    public KafkaSettings {
        if (topic == null || !topic.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new IllegalArgumentException("parley.kafka.topic must be a valid Kafka topic name, got '" + topic + "'");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("parley.kafka.partitions must be at least 1, got " + partitions);
        }
        if (replicationFactor == 0 || replicationFactor < -1) {
            throw new IllegalArgumentException("parley.kafka.replication-factor must be -1 (broker default) or at least 1");
        }
        if (minInsyncReplicas == 0 || minInsyncReplicas < -1) {
            throw new IllegalArgumentException("parley.kafka.min-insync-replicas must be -1 (broker default) or at least 1");
        }
        if (replicationFactor > 0 && minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("parley.kafka.min-insync-replicas (" + minInsyncReplicas
                    + ") cannot exceed parley.kafka.replication-factor (" + replicationFactor + "): no write could ever be acked");
        }
        if (sendTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException("parley.kafka.send-timeout must be at least 1s, got " + sendTimeout);
        }
        if (embeddedPort < 0 || embeddedPort > 65535) {
            throw new IllegalArgumentException("parley.kafka.embedded-port must be a TCP port (0 picks a free one)");
        }
        if (sendQueue < 100) {
            throw new IllegalArgumentException("parley.kafka.send-queue must be at least 100, got " + sendQueue);
        }
        if (tailMessages < 10_000) {
            throw new IllegalArgumentException("parley.kafka.tail-messages must be at least 10000, got " + tailMessages);
        }
        if (recentIds < 1_000) {
            throw new IllegalArgumentException("parley.kafka.recent-ids must be at least 1000, got " + recentIds);
        }
    }

    boolean embedded() {
        return bootstrapServers == null || bootstrapServers.isBlank();
    }
}
