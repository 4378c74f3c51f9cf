package dev.parley.log;

import java.time.Duration;

import dev.parley.system.SettingsCheck;
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
        new SettingsCheck()
                .require(topic != null && topic.matches("[A-Za-z0-9._-]{1,249}"),
                        "parley.kafka.topic must be a valid Kafka topic name (letters, digits, '.', '_', '-'), got '" + topic + "'")
                .require(partitions >= 1, "parley.kafka.partitions must be at least 1, got " + partitions)
                .require(replicationFactor == -1 || replicationFactor >= 1,
                        "parley.kafka.replication-factor must be -1 (broker default) or at least 1, got " + replicationFactor)
                .require(minInsyncReplicas == -1 || minInsyncReplicas >= 1,
                        "parley.kafka.min-insync-replicas must be -1 (broker default) or at least 1, got " + minInsyncReplicas)
                .require(replicationFactor <= 0 || minInsyncReplicas <= replicationFactor, "parley.kafka.min-insync-replicas (" + minInsyncReplicas
                        + ") cannot exceed parley.kafka.replication-factor (" + replicationFactor + "): no write could ever be acked")
                .require(sendTimeout.toMillis() >= 1000, "parley.kafka.send-timeout must be at least 1s, got " + sendTimeout)
                .require(embeddedPort >= 0 && embeddedPort <= 65535,
                        "parley.kafka.embedded-port must be a TCP port (0 picks a free one), got " + embeddedPort)
                .require(sendQueue >= 100, "parley.kafka.send-queue must be at least 100, got " + sendQueue)
                .require(tailMessages >= 10_000, "parley.kafka.tail-messages must be at least 10000, got " + tailMessages)
                .require(recentIds >= 1_000, "parley.kafka.recent-ids must be at least 1000, got " + recentIds)
                .done();
    }

    boolean embedded() {
        return bootstrapServers == null || bootstrapServers.isBlank();
    }
}
