package dev.parley.system;

import java.time.Duration;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cluster mode: on when a Redis URL is set. Several nodes then share one Kafka log, one database
 * and one registry (docs/architecture.md, "Cluster mode").
 *
 * @param redisUrl           the registry, e.g. {@code redis://localhost:6379/0}; blank runs one node alone
 * @param nodeId             this node's name in the registry, in its delivery topic's name and as its
 *                           static member id in Kafka's groups; keep it stable across restarts (a
 *                           restarted node then takes its partitions back without a rebalance).
 *                           Blank: a random one per start
 * @param keyPrefix          prefix of every Redis key and channel Parley uses (several clusters or test runs can share a Redis)
 * @param heartbeat          how often a node renews its liveness key
 * @param nodeTtl            a node whose liveness key was not renewed for this long counts as dead: its routes are ignored
 * @param userTtl            a user's route entry expires this long after the last node holding the user stopped renewing it
 * @param sessionTimeout     how long Kafka waits for a silent node before giving its partitions to another (Kafka's minimum is 6 s)
 * @param nodeTopicRetention how long events between nodes are kept on a delivery topic (they are live traffic; resume covers the rest)
 */
@ConfigurationProperties("parley.cluster")
public record ClusterSettings(
        @DefaultValue("") String redisUrl,
        @DefaultValue("") String nodeId,
        @DefaultValue("parley") String keyPrefix,
        @DefaultValue("1s") Duration heartbeat,
        @DefaultValue("5s") Duration nodeTtl,
        @DefaultValue("60s") Duration userTtl,
        @DefaultValue("6s") Duration sessionTimeout,
        @DefaultValue("10m") Duration nodeTopicRetention) {

    public ClusterSettings {
        if (nodeId == null || nodeId.isBlank()) {
            nodeId = "node-" + UUID.randomUUID().toString().substring(0, 8);
        }
        if (!nodeId.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("parley.cluster.node-id must be 1 to 64 letters, digits, '_' or '-', got '" + nodeId + "'");
        }
        if (!keyPrefix.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("parley.cluster.key-prefix must be 1 to 64 letters, digits, '_', '.' or '-', got '" + keyPrefix + "'");
        }
        if (heartbeat.toMillis() < 100 || nodeTtl.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("parley.cluster.heartbeat must be at least 100ms and node-ttl at least twice the heartbeat");
        }
        if (userTtl.compareTo(nodeTtl.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("parley.cluster.user-ttl must be at least twice parley.cluster.node-ttl");
        }
        if (sessionTimeout.toMillis() < 1_000) {
            throw new IllegalArgumentException("parley.cluster.session-timeout must be at least 1s, got " + sessionTimeout);
        }
        if (nodeTopicRetention.toMinutes() < 1) {
            throw new IllegalArgumentException("parley.cluster.node-topic-retention must be at least 1m, got " + nodeTopicRetention);
        }
    }

    public boolean enabled() {
        return redisUrl != null && !redisUrl.isBlank();
    }
}
