package dev.parley.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.parley.support.TestDirs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The mirror's guarantee against a real broker: the group's committed offset (read with an Admin
 * client) never passes a record whose copy the mirror topic has not acknowledged, a record that is
 * not a message is skipped without stalling its partition, and every message reaches the mirror,
 * in the log's order per partition. Each test has its own log topic, mirror topic and group.
 */
class LogMirrorIT {

    private static final MessageTopic.Durability DURABILITY = new MessageTopic.Durability((short) 1, 1);
    private static final String KEY = "message.new";
    /** Content the test's copy function refuses, as an owner refuses a message it cannot turn into a copy. */
    private static final String UNCONVERTIBLE = "cannot be copied";
    private static EmbeddedKafkaBroker broker;
    private static Admin admin;
    private static KafkaProducer<String, byte[]> writer;

    private final JsonMapper json = JsonMapper.builder().build();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<LogMirror> mirrors = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaBroker(TestDirs.fresh("mirror-kafka").resolve("kafka"), 0, 2);
        broker.start();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        writer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopBroker() {
        writer.close();
        admin.close();
        broker.stop();
    }

    @AfterEach
    void stopMirrors() {
        mirrors.forEach(LogMirror::stop);
    }

    @Test
    void commitsUpToTheFirstCopyTheMirrorRefusesAndCopiesFromThereOnceItIsAccepted() throws Exception {
        LogReader log = log(2);
        String mirrorTopic = name("mirror");
        // The broker refuses a record batch above max.message.bytes (RecordTooLargeException): a copy it will not acknowledge.
        createTopic(mirrorTopic, 2, Map.of("max.message.bytes", "2048"));
        UUID a = write(log, 0, "a");
        UUID b = write(log, 0, "b");
        UUID big = write(log, 0, "x".repeat(10_000)); // offset 2
        UUID c = write(log, 0, "c");
        UUID d = write(log, 0, "d");
        UUID x = write(log, 1, "x");
        UUID y = write(log, 1, "y");
        LogMirror.Spec spec = spec(mirrorTopic);
        newMirror(log, spec).start();

        await().until(() -> counter("failures", "stage", "produce") >= 1 && committed(spec.group()).equals(Map.of(0, 2L, 1, 2L)));
        // The copies after the refused one are acknowledged, yet partition 0's offset stays at the refused record
        // through every retry, while partition 1 is committed to its end.
        await().until(() -> lastCopies(readMirror(mirrorTopic).get(0)).containsAll(List.of(a, b, c, d)));
        await().until(() -> {
            assertThat(committed(spec.group())).isEqualTo(Map.of(0, 2L, 1, 2L));
            return counter("failures", "stage", "produce") >= 3;
        });
        assertThat(lastCopies(readMirror(mirrorTopic).get(0))).doesNotContain(big);

        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, mirrorTopic);
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "1048588"),
                AlterConfigOp.OpType.SET)))).all().get(10, TimeUnit.SECONDS);

        Map<Integer, List<UUID>> inLogOrder = Map.of(0, List.of(a, b, big, c, d), 1, List.of(x, y));
        await().untilAsserted(() -> {
            assertThat(committed(spec.group())).isEqualTo(Map.of(0, 5L, 1, 2L));
            Map<Integer, List<ConsumerRecord<String, byte[]>>> mirror = readMirror(mirrorTopic);
            // At least once (the retries copied c and d again), and each message's last copy is in the log's order,
            // in the log's partition (the mirror has as many).
            mirror.forEach((partition, copies) -> assertThat(lastCopies(copies)).isEqualTo(inLogOrder.get(partition)));
            assertThat(mirror.get(0).size()).isGreaterThan(5);
            assertThat(mirror.values().stream().flatMap(List::stream)).extracting(ConsumerRecord::key).containsOnly(KEY);
            assertThat(meters.get("parley.test.mirror.lag").gauge().value()).isZero();
        });
        assertThat(counter("records", "outcome", "mirrored")).isGreaterThanOrEqualTo(7);
        assertThat(counter("records", "outcome", "unreadable")).isZero();
    }

    @Test
    void skipsRecordsThatAreNoMessageOrCannotBeCopiedCountsThemAndMovesOn() throws Exception {
        LogReader log = log(2);
        String mirrorTopic = name("mirror"); // created by the mirror, with the log's partition count
        UUID a = write(log, 0, "a");
        writer.send(new ProducerRecord<>(log.topic(), 0, "dm:a:b", "{not json".getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
        UUID b = write(log, 0, "b");
        write(log, 0, UNCONVERTIBLE);
        UUID c = write(log, 0, "c");
        UUID x = write(log, 1, "x");
        LogMirror.Spec spec = spec(mirrorTopic);
        newMirror(log, spec).start();

        await().untilAsserted(() -> {
            assertThat(committed(spec.group())).isEqualTo(Map.of(0, 5L, 1, 1L));
            Map<Integer, List<ConsumerRecord<String, byte[]>>> mirror = readMirror(mirrorTopic);
            assertThat(mirror).containsOnlyKeys(0, 1);
            assertThat(mirror.get(0)).extracting(LogMirrorIT::id).containsExactly(a, b, c);
            assertThat(mirror.get(1)).extracting(LogMirrorIT::id).containsExactly(x);
        });
        assertThat(counter("records", "outcome", "unreadable")).isEqualTo(2);
        assertThat(counter("records", "outcome", "mirrored")).isEqualTo(4);
        assertThat(counter("failures", "stage", "produce")).isZero();
    }

    @Test
    void withFewerPartitionsThanTheLogKafkaPicksThePartitionByTheCopysKey() throws Exception {
        LogReader log = log(3);
        String mirrorTopic = name("mirror");
        createTopic(mirrorTopic, 2, Map.of());
        Map<Integer, List<UUID>> inLogOrder = new TreeMap<>();
        for (int p = 0; p < 3; p++) {
            inLogOrder.put(p, List.of(write(log, p, "first of " + p), write(log, p, "second of " + p)));
        }
        LogMirror.Spec spec = spec(mirrorTopic);
        newMirror(log, spec).start();

        int keyed = Utils.toPositive(Utils.murmur2(KEY.getBytes(StandardCharsets.UTF_8))) % 2; // the default partitioner's choice
        await().untilAsserted(() -> {
            assertThat(committed(spec.group())).isEqualTo(Map.of(0, 2L, 1, 2L, 2, 2L));
            Map<Integer, List<ConsumerRecord<String, byte[]>>> mirror = readMirror(mirrorTopic);
            assertThat(mirror.get(1 - keyed)).isEmpty();
            List<UUID> copied = lastCopies(mirror.get(keyed));
            assertThat(copied).hasSize(6);
            // One mirror partition keeps each log partition's order.
            inLogOrder.values().forEach(order -> assertThat(copied.stream().filter(order::contains).toList()).isEqualTo(order));
        });
    }

    /** A send the producer cannot even start (no metadata within max.block.ms) fails the rest of its batch without trying each. */
    @Test
    void aMissingMirrorTopicFailsTheBatchOnceAndItIsCopiedWhenTheTopicIsBack() throws Exception {
        LogReader log = log(2);
        String mirrorTopic = name("mirror");
        LogMirror.Spec spec = spec(mirrorTopic);
        LogMirror mirror = newMirror(log, spec); // creates the topic
        admin.deleteTopics(List.of(mirrorTopic)).all().get(10, TimeUnit.SECONDS);
        await().until(() -> !admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(mirrorTopic));
        List<UUID> inLogOrder = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            inLogOrder.add(write(log, 0, "m" + i));
        }
        UUID x = write(log, 1, "x");
        mirror.start();

        // One wait of max.block.ms (10 s) for the whole batch; one per record would take minutes.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> counter("failures", "stage", "produce") >= 1);
        assertThat(committed(spec.group())).isEqualTo(Map.of(0, 0L, 1, 0L));
        assertThat(counter("records", "outcome", "mirrored")).isZero();

        createTopic(mirrorTopic, 2, Map.of());
        await().untilAsserted(() -> {
            assertThat(committed(spec.group())).isEqualTo(Map.of(0, 20L, 1, 1L));
            Map<Integer, List<ConsumerRecord<String, byte[]>>> copies = readMirror(mirrorTopic);
            assertThat(lastCopies(copies.get(0))).isEqualTo(inLogOrder);
            assertThat(lastCopies(copies.get(1))).containsExactly(x);
        });
    }

    private static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200));
    }

    private static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private LogReader log(int partitions) {
        MessageTopic topic = MessageTopic.ensure(admin, name("log"), partitions, DURABILITY);
        return new LogReader(new KafkaBootstrap(broker.bootstrapServers(), true), topic, json);
    }

    private static void createTopic(String topic, int partitions, Map<String, String> configs) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()).configs(configs)))
                .all().get(10, TimeUnit.SECONDS);
    }

    private static LogMirror.Spec spec(String mirrorTopic) {
        return new LogMirror.Spec("test.mirror", mirrorTopic, "group-" + mirrorTopic, "node-1", Duration.ofSeconds(6), m -> {
            if (m.record().content().equals(UNCONVERTIBLE)) {
                throw new IllegalArgumentException("no copy for this one");
            }
            return new LogMirror.Copy(KEY, m.record().content().getBytes(StandardCharsets.UTF_8));
        });
    }

    /** The mirror as the node builds it ({@link LogReader#mirror}, real clients); stopped after the test. */
    private LogMirror newMirror(LogReader log, LogMirror.Spec spec) {
        LogMirror mirror = log.mirror(spec, DURABILITY, meters);
        mirrors.add(mirror);
        return mirror;
    }

    /** Appends a message to {@code partition} of the log as {@link MessageLog} writes it; returns its serverMsgId. */
    private UUID write(LogReader log, int partition, String content) throws Exception {
        UUID id = UUID.randomUUID();
        LogRecord record = new LogRecord(LogRecord.VERSION, id, "c-" + id, "dm:a:b", UUID.randomUUID(), "alice", UUID.randomUUID(),
                "bob", null, content, null, Instant.now(), null);
        writer.send(new ProducerRecord<>(log.topic(), partition, record.conversationId(), json.writeValueAsBytes(record)))
                .get(10, TimeUnit.SECONDS);
        return id;
    }

    private double counter(String what, String tag, String value) {
        return meters.get("parley.test.mirror." + what).tag(tag, value).counter().count();
    }

    /** The group's committed offset per partition, as the broker keeps it. */
    private static Map<Integer, Long> committed(String group) throws Exception {
        Map<Integer, Long> offsets = new TreeMap<>();
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                .forEach((tp, at) -> offsets.put(tp.partition(), at.offset()));
        return offsets;
    }

    /** Every record of the topic now, per partition (each listed, empty or not), in offset order. */
    private static Map<Integer, List<ConsumerRecord<String, byte[]>>> readMirror(String topic) {
        Map<Integer, List<ConsumerRecord<String, byte[]>>> found = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            partitions.forEach(tp -> found.put(tp.partition(), new ArrayList<>()));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> found.get(r.partition()).add(r));
            }
        }
        return found;
    }

    /** The messages copied, each once, ordered by its last copy (a rewind copies the records after a refused one again). */
    private static List<UUID> lastCopies(Collection<ConsumerRecord<String, byte[]>> copies) {
        SequencedSet<UUID> order = new LinkedHashSet<>();
        for (ConsumerRecord<String, byte[]> copy : copies) {
            order.remove(id(copy));
            order.add(id(copy));
        }
        return List.copyOf(order);
    }

    private static UUID id(ConsumerRecord<String, byte[]> copy) {
        return UUID.fromString(new String(copy.headers().lastHeader(LogMirror.SERVER_MSG_ID).value(), StandardCharsets.UTF_8));
    }
}
