package dev.parley.log;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message log topic, created at start-up if it does not exist yet, with the configured
 * replication. An existing topic weaker than configured (fewer replicas, or a lower
 * {@code min.insync.replicas}) stops the start: an ack would promise more than the topic keeps.
 */
public record MessageTopic(String name, int partitions) {

    private static final Logger log = LoggerFactory.getLogger(MessageTopic.class);

    /** Replication asked for; -1 in either leaves it to the broker's default (and checks nothing). */
    public record Durability(short replicas, int minInsyncReplicas) {

        Map<String, String> configs(Map<String, String> base) {
            Map<String, String> configs = new java.util.HashMap<>(base);
            if (minInsyncReplicas > 0) {
                configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(minInsyncReplicas));
            }
            return configs;
        }
    }

    static MessageTopic ensure(Admin admin, String name, int partitions, Durability durability) {
        ensureTopic(admin, name, partitions, durability, Map.of("retention.ms", "-1", "cleanup.policy", "delete"));
        return new MessageTopic(name, describePartitions(admin, name));
    }

    /** Creates {@code name} unless it exists, then checks that it is at least as durable as asked. */
    public static void ensureTopic(Admin admin, String name, int partitions, Durability durability, Map<String, String> configs) {
        try {
            NewTopic topic = new NewTopic(name, Optional.of(partitions), Optional.of(durability.replicas()))
                    .configs(durability.configs(configs));
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            log.info("Created Kafka topic {} with {} partition(s)", name, partitions);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create the Kafka topic " + name + ": " + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within 30 s while creating topic " + name
                    + "; check parley.kafka.bootstrap-servers", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        checkDurability(admin, name, durability);
    }

    private static void checkDurability(Admin admin, String name, Durability wanted) {
        if (wanted.replicas() < 1 && wanted.minInsyncReplicas() < 1) {
            return;
        }
        TopicDescription description = describe(name, () -> admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS).get(name));
        int replicas = description.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        Config config = describe(name, () -> admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource));
        ConfigEntry entry = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        int minInsync = entry == null || entry.value() == null ? 1 : Integer.parseInt(entry.value());
        if (wanted.replicas() > 0 && replicas < wanted.replicas()) {
            throw new IllegalStateException("Kafka topic " + name + " has " + replicas + " replica(s) per partition, fewer than "
                    + "parley.kafka.replication-factor=" + wanted.replicas() + "; raise the topic's replication or lower the setting");
        }
        if (wanted.minInsyncReplicas() > 0 && minInsync < wanted.minInsyncReplicas()) {
            throw new IllegalStateException("Kafka topic " + name + " has min.insync.replicas=" + minInsync + ", lower than "
                    + "parley.kafka.min-insync-replicas=" + wanted.minInsyncReplicas()
                    + "; an ack would promise more copies than the topic keeps. Raise the topic's setting or lower Parley's");
        }
    }

    /** The topic's partition count. */
    static int describePartitions(Admin admin, String name) {
        return describe(name, () -> admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS).get(name))
                .partitions().size();
    }

    private interface Description<T> {
        T get() throws ExecutionException, TimeoutException, InterruptedException;
    }

    /**
     * Asks the broker about the topic. Just after it was created, the broker that answers may not
     * know it yet (its metadata arrives a moment later): that answer is retried for up to 30 s.
     */
    private static <T> T describe(String name, Description<T> description) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return description.get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("Cannot describe the Kafka topic " + name + ": " + e.getCause().getMessage(), e);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            } catch (TimeoutException e) {
                throw new IllegalStateException("Cannot describe the Kafka topic " + name + " within 30 s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
