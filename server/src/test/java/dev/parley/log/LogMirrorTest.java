package dev.parley.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The mirror's commit rule and partition choice, on Kafka's mock clients: what is committed is acknowledged. */
class LogMirrorTest {

    private static final String LOG = "parley.messages";
    private static final TopicPartition P0 = new TopicPartition(LOG, 0);
    private static final TopicPartition P1 = new TopicPartition(LOG, 1);
    private final JsonMapper json = JsonMapper.builder().build();
    private final LogReader reader = new LogReader(new KafkaBootstrap("127.0.0.1:1", false), new MessageTopic(LOG, 2), json);
    private final MockConsumer<Void, byte[]> consumer = new MockConsumer<>("earliest");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LogMirror.Spec spec = new LogMirror.Spec("test.mirror", "mirror", "group", "node-1", Duration.ofSeconds(6),
            m -> new LogMirror.Copy("message.new", m.record().content().getBytes(StandardCharsets.UTF_8)));

    LogMirrorTest() {
        consumer.assign(List.of(P0, P1));
    }

    @Test
    void commitsEachPartitionUpToItsFirstCopyNotAcknowledgedAndRewindsThere() throws Exception {
        MockProducer<String, byte[]> producer = producer(false);
        LogMirror mirror = new LogMirror(spec, reader, consumer, producer, 2, meters);
        LogBatch batch = batch(record(P0, 0, "a"), record(P0, 1, "b"), record(P0, 2, "c"), record(P1, 0, "x"));

        CompletableFuture<Boolean> copied = CompletableFuture.supplyAsync(() -> mirror.copy(batch));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 4);
        assertThat(consumer.committed(Set.of(P0, P1))).isEmpty(); // nothing before the acks
        producer.completeNext();
        producer.errorNext(new TimeoutException("broker away"));
        producer.completeNext(); // acknowledged after a failure: copied again with it, never committed past it
        producer.completeNext();

        assertThat(copied.get()).isFalse();
        assertThat(consumer.committed(Set.of(P0, P1))).containsEntry(P0, new org.apache.kafka.clients.consumer.OffsetAndMetadata(1))
                .containsEntry(P1, new org.apache.kafka.clients.consumer.OffsetAndMetadata(1));
        assertThat(consumer.position(P0)).isEqualTo(1);
        assertThat(meters.get("parley.test.mirror.records").tag("outcome", "mirrored").counter().count()).isEqualTo(3);
        assertThat(meters.get("parley.test.mirror.failures").tag("stage", "produce").counter().count()).isEqualTo(1);
    }

    @Test
    void aSendRefusedAtOnceFailsTheRestOfTheBatchWithoutWaitingForEach() {
        MockProducer<String, byte[]> producer = producer(true);
        producer.sendException = new TimeoutException("Topic mirror not present in metadata after 10000 ms");
        LogMirror mirror = new LogMirror(spec, reader, consumer, producer, 2, meters);

        assertThat(mirror.copy(batch(record(P0, 4, "a"), record(P0, 5, "b"), record(P1, 7, "x")))).isFalse();

        assertThat(consumer.position(P0)).isEqualTo(4);
        assertThat(consumer.position(P1)).isEqualTo(7);
        assertThat(consumer.committed(Set.of(P0)).get(P0).offset()).isEqualTo(4);
        assertThat(meters.get("parley.test.mirror.records").tag("outcome", "mirrored").counter().count()).isZero();
    }

    @Test
    void skipsARecordThatIsNoMessageCountsItAndMovesOn() {
        MockProducer<String, byte[]> producer = producer(true);
        LogMirror mirror = new LogMirror(spec, reader, consumer, producer, 2, meters);
        ConsumerRecord<Void, byte[]> garbage = new ConsumerRecord<>(LOG, 0, 1, null, "{not json".getBytes(StandardCharsets.UTF_8));

        assertThat(mirror.copy(batch(record(P0, 0, "a"), garbage, record(P0, 2, "c")))).isTrue();

        assertThat(producer.history()).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly("a", "c");
        assertThat(consumer.committed(Set.of(P0)).get(P0).offset()).isEqualTo(3);
        assertThat(meters.get("parley.test.mirror.records").tag("outcome", "unreadable").counter().count()).isEqualTo(1);
    }

    @Test
    void copiesToTheLogsPartitionWhenTheMirrorHasAsManyElseLetsKafkaChoose() {
        MockProducer<String, byte[]> same = producer(true);
        new LogMirror(spec, reader, consumer, same, 2, meters).copy(batch(record(P1, 0, "x")));
        assertThat(same.history()).extracting(ProducerRecord::partition).containsExactly(1);
        assertThat(same.history()).extracting(ProducerRecord::key).containsExactly("message.new");
        assertThat(same.history().getFirst().headers().lastHeader(LogMirror.SERVER_MSG_ID)).isNotNull();

        MockProducer<String, byte[]> fewer = producer(true);
        new LogMirror(spec, reader, consumer, fewer, 1, new SimpleMeterRegistry()).copy(batch(record(P1, 1, "y")));
        assertThat(fewer.history()).extracting(ProducerRecord::partition).containsOnlyNulls();
    }

    private static MockProducer<String, byte[]> producer(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new StringSerializer(), new ByteArraySerializer());
    }

    private ConsumerRecord<Void, byte[]> record(TopicPartition tp, long offset, String content) {
        LogRecord value = new LogRecord(LogRecord.VERSION, UUID.randomUUID(), "c-" + offset, "dm:a:b", UUID.randomUUID(), "alice",
                UUID.randomUUID(), "bob", null, content, null, Instant.EPOCH, null);
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, null, json.writeValueAsBytes(value));
    }

    @SafeVarargs
    private LogBatch batch(ConsumerRecord<Void, byte[]>... records) {
        Map<TopicPartition, List<ConsumerRecord<Void, byte[]>>> byPartition = new LinkedHashMap<>();
        for (ConsumerRecord<Void, byte[]> r : records) {
            byPartition.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new ArrayList<>()).add(r);
        }
        return LogBatch.of(new ConsumerRecords<>(byPartition, Map.of()), reader);
    }
}
