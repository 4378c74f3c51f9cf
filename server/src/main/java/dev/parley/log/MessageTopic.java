package dev.parley.log;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The message log topic, created at start-up if it does not exist yet. */
public record MessageTopic(String name, int partitions) {

    private static final Logger log = LoggerFactory.getLogger(MessageTopic.class);

    static MessageTopic ensure(Admin admin, String name, int partitions, short replicas) {
        try {
            NewTopic topic = new NewTopic(name, Optional.of(partitions), Optional.of(replicas))
                    .configs(Map.of("retention.ms", "-1", "cleanup.policy", "delete"));
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            log.info("Created the message log topic {} with {} partitions", name, partitions);
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
        return new MessageTopic(name, describePartitions(admin, name));
    }

    /**
     * The topic's partition count. Just after it was created, the broker that answers may not know
     * the topic yet (its metadata arrives a moment later): that answer is retried for up to 30 s.
     */
    private static int describePartitions(Admin admin, String name) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS).get(name).partitions().size();
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
