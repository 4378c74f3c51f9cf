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
        new SettingsCheck()
                .require(nodeId.matches("[A-Za-z0-9_-]{1,64}"), "parley.cluster.node-id must be 1 to 64 letters, digits, '_' or '-', got '" + nodeId + "'")
                .require(keyPrefix.matches("[A-Za-z0-9_.-]{1,64}"),
                        "parley.cluster.key-prefix must be 1 to 64 letters, digits, '_', '.' or '-', got '" + keyPrefix + "'")
                .require(heartbeat.toMillis() >= 100, "parley.cluster.heartbeat must be at least 100ms, got " + heartbeat)
                .require(nodeTtl.compareTo(heartbeat.multipliedBy(2)) >= 0,
                        "parley.cluster.node-ttl (" + nodeTtl + ") must be at least twice parley.cluster.heartbeat (" + heartbeat + ")")
                .require(userTtl.compareTo(nodeTtl.multipliedBy(2)) >= 0,
                        "parley.cluster.user-ttl (" + userTtl + ") must be at least twice parley.cluster.node-ttl (" + nodeTtl + ")")
                .require(sessionTimeout.toMillis() >= 1_000, "parley.cluster.session-timeout must be at least 1s, got " + sessionTimeout)
                .require(nodeTopicRetention.toMinutes() >= 1, "parley.cluster.node-topic-retention must be at least 1m, got " + nodeTopicRetention)
                .done();
    }

    public boolean enabled() {
        return redisUrl != null && !redisUrl.isBlank();
    }
}
