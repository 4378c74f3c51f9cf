package dev.parley.archive;

import java.sql.DatabaseMetaData;
import java.time.Clock;
import java.util.List;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import dev.parley.log.Backlogs;
import dev.parley.log.LeasedConsumer;
import dev.parley.log.PartitionLeases;
import dev.parley.system.ClusterSettings;
import dev.parley.system.OnRole;
import dev.parley.system.Role;
import dev.parley.log.LogConsumer;
import dev.parley.log.LogReader;
import dev.parley.log.LogTail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The archive: a view of the log in SQL, written by its own consumers, which may lag behind live
 * delivery. {@code parley.archive.consumers} threads, partition {@code p} going to thread
 * {@code p % consumers}; each is registered with its lag bound.
 */
@Configuration(proxyBeanMethods = false)
class ArchiveConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ArchiveConfiguration.class);

    static final String BACKLOG = "archive";

    @Bean
    ArchivePositions archivePositions(JdbcTemplate jdbc) {
        return new ArchivePositions(jdbc);
    }

    @Bean
    Archiver.ArchiveStatus archiveStatus() {
        return new Archiver.ArchiveStatus();
    }

    /** Its own JdbcTemplate: a batch may take longer than an interactive query is allowed to. */
    @Bean
    ArchiveWriter archiveWriter(DataSource dataSource, PlatformTransactionManager transactions, Clock clock, JsonMapper json,
                                ArchiveSettings settings) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.setQueryTimeout((int) settings.queryTimeout().toSeconds());
        return new ArchiveWriter(jdbc, new TransactionTemplate(transactions), clock, json);
    }

    @Bean
    @OnRole(Role.ARCHIVER)
    List<LogConsumer> archiveConsumers(LogReader reader, ArchiveWriter writer, ArchivePositions positions, LogTail tail,
                                       Archiver.ArchiveStatus status, Backlogs backlogs, ArchiveSettings settings, DataSource dataSource,
                                       ClusterSettings cluster) {
        if (cluster.enabled()) {
            // The nodes share the partitions (leases below); this node's consumer starts with none.
            Archiver archiver = new Archiver(writer, positions, tail, status);
            LogConsumer consumer = reader.consumer("parley-archive", List.of(), LogReader.Pace.BATCHED, archiver, archiver);
            backlogs.register(BACKLOG, consumer, settings.maxLag());
            return List.of(consumer);
        }
        int threads = Math.min(settings.consumers() > 0 ? settings.consumers() : consumersFor(dataSource, reader.partitions()),
                reader.partitions());
        return IntStream.range(0, threads).mapToObj(i -> {
            List<Integer> mine = IntStream.range(0, reader.partitions()).filter(p -> p % threads == i).boxed().toList();
            Archiver archiver = new Archiver(writer, positions, tail, status);
            LogConsumer consumer = reader.consumer("parley-archive-" + i, mine, LogReader.Pace.BATCHED, archiver, archiver);
            backlogs.register(threads == 1 ? BACKLOG : BACKLOG + "-" + i, consumer, settings.maxLag());
            return consumer;
        }).toList();
    }

    /** Measured on 2 cores: three PostgreSQL writers saturate them; each holds a pooled connection for its batch. */
    static final int POSTGRES_CONSUMERS = 3;

    /**
     * PostgreSQL takes concurrent writers well, and one writer leaves it idle while the consumer
     * decodes the next batch (one consumer: about 18,500 msg/s, three: 24,500 on 2 cores); three
     * also leave most of the connection pool to requests. H2's store serializes its page writes, and
     * more writers only contend (5,200 msg/s with three, 5,400 with one).
     */
    private static int consumersFor(DataSource dataSource, int partitions) {
        try {
            String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
            int chosen = "PostgreSQL".equalsIgnoreCase(product) ? Math.min(partitions, POSTGRES_CONSUMERS) : 1;
            log.info("Archive: {} consumer thread(s) for {} (parley.archive.consumers=0 chooses)", chosen, product);
            return chosen;
        } catch (MetaDataAccessException e) {
            log.warn("Archive: the database did not say what it is at start ({}); one consumer thread (set parley.archive.consumers)", e.toString());
            return 1;
        }
    }

    @Bean
    @OnRole(Role.ARCHIVER)
    ArchiveLifecycle archiveLifecycle(List<LogConsumer> archiveConsumers, LogReader reader, ClusterSettings cluster) {
        PartitionLeases leases = cluster.enabled()
                ? reader.leases("parley-archive-leases", reader.topic() + ".archive", cluster.nodeId(), cluster.sessionTimeout(),
                        new LeasedConsumer(archiveConsumers.getFirst(), new LeasedConsumer.Owner() { }))
                : null;
        return new ArchiveLifecycle(archiveConsumers, leases);
    }

    @Bean
    @OnRole(Role.ARCHIVER)
    ArchiveHealth archiveHealth(Backlogs backlogs, Archiver.ArchiveStatus status, ArchiveSettings settings) {
        return new ArchiveHealth(backlogs, status, settings.degradedAfter());
    }

    /** Starts the archive consumers with the context and stops them (each finishing its batch) before the database goes. */
    record ArchiveLifecycle(List<LogConsumer> consumers, PartitionLeases leases) implements org.springframework.beans.factory.InitializingBean,
            org.springframework.beans.factory.DisposableBean {

        @Override
        public void afterPropertiesSet() {
            consumers.forEach(LogConsumer::start);
            if (leases != null) {
                leases.start();
            }
        }

        /** Leases first: the partitions are handed over once this node's consumer has let go of them. */
        @Override
        public void destroy() {
            if (leases != null) {
                leases.stop();
            }
            consumers.forEach(LogConsumer::stop);
        }
    }
}
