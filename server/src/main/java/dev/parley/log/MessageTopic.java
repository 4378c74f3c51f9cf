package dev.parley.log;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
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
        try {
            int actual = admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(name).partitions().size();
            return new MessageTopic(name, actual);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot describe the Kafka topic " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
