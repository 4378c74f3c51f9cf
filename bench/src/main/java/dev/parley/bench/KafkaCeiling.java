package dev.parley.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The log's latency ceiling: produce → consume round trips on Parley's own broker, with Parley's
 * producer settings (acks=all, idempotence, linger 1 ms, no compression), at the same rates as the
 * direct-message scenario. No WebSocket, no JSON, no database.
 */
final class KafkaCeiling {

    private static final String TOPIC = "bench.ceiling";

    private KafkaCeiling() {
    }

    static Result run(Target target, String bootstrap, double rate, double seconds) throws Exception {
        return run(target, bootstrap, (short) 1, rate, seconds);
    }

    /** With {@code replicas} copies of each record, as the message log has on that cluster. */
    static Result run(Target target, String bootstrap, short replicas, double rate, double seconds) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            try {
                admin.createTopics(List.of(new NewTopic(TOPIC, Optional.of(12), Optional.of(replicas)))).all().get();
            } catch (Exception alreadyThere) {
                // created by an earlier rate
            }
        }
        Latencies roundTrip = new Latencies();
        Latencies ack = new Latencies();
        AtomicLong consumed = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        String tag = Long.toString(System.nanoTime(), 36);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100,
                     ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                     ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < 12; p++) {
                partitions.add(new TopicPartition(TOPIC, p));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            Thread poller = Thread.ofPlatform().name("ceiling-consumer").start(() -> {
                while (running.get()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        String[] v = record.value().split("\\|");
                        if (v[0].equals(tag)) {
                            roundTrip.record((System.nanoTime() - Long.parseLong(v[1])) / 1000);
                            consumed.incrementAndGet();
                        }
                    }
                }
            });
            ProcStats.CpuWindow cpu = target.cpu();
            long sent = Pacer.run(rate, seconds, n -> {
                long now = System.nanoTime();
                producer.send(new ProducerRecord<>(TOPIC, "conversation-" + (n % 100), tag + "|" + now),
                        (metadata, error) -> ack.record((System.nanoTime() - now) / 1000));
            });
            Wait.until(Duration.ofSeconds(30), () -> consumed.get() >= sent);
            running.set(false);
            poller.join();
            return target.withServerStats(Result.of("kafka-ceiling", target.name()), cpu)
                    .param("offeredPerSecond", rate).param("seconds", seconds)
                    .metric("sent", sent).metric("consumed", consumed.get())
                    .latency("roundTrip", roundTrip).latency("ack", ack);
        }
    }
}
