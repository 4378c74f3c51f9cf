package dev.parley.log;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import dev.parley.system.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which partitions of the log this node works on, when several nodes share the work: a Kafka
 * consumer group whose member never fetches (every partition it is given stays paused). The group
 * only hands out partitions; the {@link Holder} reads them with its own {@link LogConsumer}, and
 * its position in each is committed to the group, so the next holder of a partition starts where
 * this one got to (a crashed holder's last second is handled twice, which readers tolerate).
 * <p>
 * Static membership (the node id) lets a restarted node take its partitions back without a
 * rebalance; cooperative assignment moves only the partitions that change hands; the session
 * timeout bounds how long a crashed node's partitions wait for a new holder. A clean stop leaves
 * the group at once.
 */
public final class PartitionLeases {

    private static final Logger log = LoggerFactory.getLogger(PartitionLeases.class);
    /** Warnings that can repeat per message, record or connection under load: the first at once, then a count every 5 s. */
    private static final ThrottledLog throttled = ThrottledLog.of(log);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long COMMIT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Who works on the partitions held. Called on the leases thread. */
    public interface Holder {
        /** These partitions are now held; {@code committed} has where each starts: its committed position, or its end for a partition never held. */
        void acquired(Set<Integer> partitions, Map<Integer, Long> committed);

        /**
         * These partitions are no longer held; returns once the holder has stopped working on them,
         * with where it got to in each (committed for the next holder).
         */
        Map<Integer, Long> released(Set<Integer> partitions);

        /** Where the holder has got to in each partition it holds (committed every second and on release); may omit some. */
        Map<Integer, Long> positions();
    }

    private final String name;
    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Holder holder;
    private final Thread thread;
    private final Set<Integer> held = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    PartitionLeases(String name, KafkaBootstrap bootstrap, String topic, String group, String instanceId, Duration sessionTimeout,
                    Holder holder) {
        this.name = name;
        this.topic = topic;
        this.holder = holder;
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.servers());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, name + "-" + instanceId);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(200, sessionTimeout.toMillis() / 6));
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, List.of(CooperativeStickyAssignor.class.getName()));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public void stop() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The partitions held right now. */
    public Set<Integer> held() {
        return Set.copyOf(held);
    }

    private void run() {
        long lastCommit = System.nanoTime();
        try {
            consumer.subscribe(List.of(topic), new Listener());
            while (running) {
                consumer.poll(POLL); // nothing is fetched (all paused): this keeps the membership and runs the callbacks
                if (System.nanoTime() - lastCommit > COMMIT_EVERY_NANOS) {
                    commit(holder.positions());
                    lastCommit = System.nanoTime();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("{} was woken up unexpectedly; it stops", name, e);
            }
        } catch (RuntimeException | Error e) {
            log.error("{} stopped on an unexpected failure; restart the node", name, e);
        } finally {
            running = false;
            try {
                if (!held.isEmpty()) {
                    commit(holder.released(Set.copyOf(held)));
                    held.clear();
                }
            } catch (RuntimeException e) {
                log.warn("{} could not hand its partitions over cleanly: {}", name, e.toString());
            }
            // A static member does not leave on close unless told to: its partitions would wait out the session timeout.
            consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(5)));
        }
    }

    private void commit(Map<Integer, Long> positions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        positions.forEach((p, position) -> {
            if (position != null && position >= 0) {
                offsets.put(new TopicPartition(topic, p), new OffsetAndMetadata(position));
            }
        });
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, Duration.ofSeconds(5));
        } catch (WakeupException e) {
            throw e;
        } catch (org.apache.kafka.common.errors.RebalanceInProgressException e) {
            log.debug("{}: positions not committed during a rebalance; the next commit carries them", name);
        } catch (RuntimeException e) {
            throttled.warn("{} could not commit its positions ({}); the next holder may handle more again", name, e.toString());
        }
    }

    private final class Listener implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            consumer.pause(partitions);
            Map<Integer, Long> committed = new HashMap<>();
            Map<Integer, Long> baseline = new HashMap<>();
            Map<TopicPartition, OffsetAndMetadata> stored = consumer.committed(Set.copyOf(partitions), Duration.ofSeconds(10));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata offset = stored.get(tp);
                long position = offset != null ? offset.offset() : ends.get(tp);
                committed.put(tp.partition(), position);
                if (offset == null) {
                    baseline.put(tp.partition(), position);
                }
            }
            // A partition never held before starts at its end, and that is committed at once: if a later
            // commit fails (one can, in the middle of a rebalance) the next holder starts from an older
            // position and handles some records twice, but never skips any.
            commit(baseline);
            Set<Integer> numbers = numbers(partitions);
            held.addAll(numbers);
            log.info("{} now holds partitions {} (now {})", name, numbers, new TreeSet<>(held));
            holder.acquired(numbers, committed);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Set<Integer> numbers = numbers(partitions);
            commit(holder.released(numbers));
            held.removeAll(numbers);
            log.info("{} handed over partitions {}", name, numbers);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            Set<Integer> numbers = numbers(partitions);
            holder.released(numbers);
            held.removeAll(numbers);
            log.warn("{} lost partitions {} (its session expired); another node holds them now", name, numbers);
        }

        private Set<Integer> numbers(Collection<TopicPartition> partitions) {
            return partitions.stream().map(TopicPartition::partition).collect(Collectors.toUnmodifiableSet());
        }
    }
}
