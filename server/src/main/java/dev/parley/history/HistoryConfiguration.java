package dev.parley.history;

import java.time.Clock;

import dev.parley.log.LogReader;
import dev.parley.rooms.Rooms;
import dev.parley.system.Blocking;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
class HistoryConfiguration {

    /** The archive's consumer group: one archive per cluster, each partition archived by one node. */
    static final String ARCHIVE_GROUP = "parley-archive";

    @Bean
    MessageStore messageStore(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate transactions) {
        return new MessageStore(jdbc, template, transactions);
    }

    @Bean
    ConversationAccess conversationAccess(Rooms rooms) {
        return new ConversationAccess(rooms);
    }

    @Bean
    History history(JdbcClient jdbc, ConversationAccess access, Blocking blocking) {
        return new History(new HistoryStore(jdbc), access, blocking);
    }

    @Bean
    ConversationList conversationList(JdbcClient jdbc, Blocking blocking) {
        return new ConversationList(new ConversationListStore(jdbc), blocking);
    }

    @Bean
    ResumeSource resumeSource(JdbcClient jdbc, Blocking blocking) {
        return new ResumeSource(new ConversationListStore(jdbc), new HistoryStore(jdbc), blocking);
    }

    @Bean
    ReadPositions readPositions(JdbcClient jdbc, ConversationAccess access, Blocking blocking, Clock clock) {
        return new ReadPositions(jdbc, access, blocking, clock);
    }

    @Bean
    ArchivedMessages archivedMessages(MessageStore store, Blocking blocking) {
        return new ArchivedMessages(store, blocking);
    }

    /**
     * At-least-once consumption into an idempotent archive: commit after the database commit
     * (AckMode.BATCH), and retry a failed batch forever with back-off capped at 10 s (the database
     * being away must delay the archive, never make it skip messages).
     */
    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> archiveContainer(LogReader reader, MessageStore store,
                                                                        ApplicationEventPublisher events, ArchiveSettings settings) {
        ContainerProperties properties = new ContainerProperties(reader.topic());
        properties.setAckMode(ContainerProperties.AckMode.BATCH);
        // Commit asynchronously: a later commit covers an earlier one, and what a lost commit makes
        // the archive read again is absorbed by its idempotent insert. Saves a broker round trip per batch.
        properties.setSyncCommits(false);
        properties.setPollTimeout(1000);
        properties.setMessageListener(new MessageArchiver(reader, store, events));
        var factory = new DefaultKafkaConsumerFactory<String, byte[]>(reader.consumerProperties(ARCHIVE_GROUP));
        var container = new ConcurrentMessageListenerContainer<>(factory, properties);
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        container.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        // Order only matters within a partition, so consumers can split the partitions between them.
        container.setConcurrency(settings.consumers());
        container.setBeanName("parley-archive");
        return container;
    }
}
