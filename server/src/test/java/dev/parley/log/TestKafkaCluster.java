package dev.parley.log;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real multi-broker KRaft cluster in this JVM (Kafka's own test kit): every node is broker and
 * controller, all on free ports. A broker can be stopped and started again: the kit rebinds the
 * port it had, so clients find it at the same address (as Kafka's own bounce tests rely on).
 */
public final class TestKafkaCluster implements AutoCloseable {

    private final KafkaClusterTestKit kit;
    private final Admin admin;

    private TestKafkaCluster(KafkaClusterTestKit kit) {
        this.kit = kit;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrapServers()));
    }

    public static TestKafkaCluster start(Path dir, int nodes) {
        KafkaClusterTestKit kit = null;
        try {
            // What a released broker formats with, rather than the kit's default: the next, unreleased metadata version.
            MetadataVersion version = MetadataVersion.latestProduction();
            Map<String, Short> features = Feature.PRODUCTION_FEATURES.stream()
                    .collect(Collectors.toMap(Feature::featureName, f -> f.defaultLevel(version)));
            kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder(BootstrapMetadata.fromVersions(version, features, "parley-test"))
                    .setCombined(true).setNumBrokerNodes(nodes).setNumControllerNodes(nodes).setBaseDirectory(dir).build())
                    // The default 50 partitions × 3 replicas of the offsets topic are needless work on a small machine.
                    .setConfigProp("offsets.topic.num.partitions", "3")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0") // nodes' consumer groups form at once
                    .build();
            kit.format();
            startControllersThenBrokers(kit);
            kit.waitForReadyBrokers();
            failOnFatalFault(kit);
            return new TestKafkaCluster(kit);
        } catch (Exception e) {
            if (kit != null) {
                try {
                    kit.close(); // otherwise its raft and controller threads keep running
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new IllegalStateException("The test Kafka cluster did not start", e);
        }
    }

    /**
     * Not {@code kit.startup()}: it starts a node's controller and broker at the same time, and in combined mode
     * whichever comes first starts the node's raft client. When the broker wins (often, on two cores) raft knows
     * no controller endpoint, the leader refuses the followers' UpdateVoter and their raft threads die. Kafka's
     * own combined server starts the controller first; so does this.
     */
    private static void startControllersThenBrokers(KafkaClusterTestKit kit) throws Exception {
        ExecutorService starting = Executors.newCachedThreadPool();
        try {
            for (Future<?> started : kit.controllers().values().stream().map(c -> starting.submit(c::startup)).toList()) {
                started.get(2, TimeUnit.MINUTES);
            }
            for (Future<?> started : kit.brokers().values().stream().map(b -> starting.submit(b::startup)).toList()) {
                started.get(2, TimeUnit.MINUTES);
            }
        } finally {
            starting.shutdownNow();
        }
    }

    /** A fault Kafka's own code calls fatal (e.g. a dead raft thread) is only recorded by the kit: surface it. */
    private static void failOnFatalFault(KafkaClusterTestKit kit) {
        if (kit.fatalFaultHandler().firstException() != null) {
            throw new IllegalStateException("A Kafka node failed", kit.fatalFaultHandler().firstException());
        }
    }

    public String bootstrapServers() {
        return kit.bootstrapServers();
    }

    /** Stops one broker the way an operator does (controlled shutdown: its leaderships move first); its controller stays. */
    public void stopBroker(int id) {
        kit.brokers().get(id).shutdown();
        kit.brokers().get(id).awaitShutdown();
    }

    public void startBroker(int id) {
        kit.brokers().get(id).startup();
        failOnFatalFault(kit);
    }

    /** Each partition of {@code topic} as the cluster describes it now: leader, replicas, in-sync replicas. */
    public List<TopicPartitionInfo> partitions(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions();
    }

    public String topicConfig(String topic, String name) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource).get(name).value();
    }

    /** Moves each partition's leadership back to its preferred replica (Kafka does so on its own only every 5 minutes). */
    public void electPreferredLeaders(String topic) throws Exception {
        Set<TopicPartition> all = partitions(topic).stream().map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
        admin.electLeaders(ElectionType.PREFERRED, all).partitions().get(10, TimeUnit.SECONDS); // "not needed" per partition is fine
    }

    @Override
    public void close() throws Exception {
        admin.close();
        kit.close();
    }
}
