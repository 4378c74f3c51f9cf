package dev.parley.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Ages a fresh node's archive: writes millions of messages straight to its log topic (far faster
 * than sending them through the WebSocket gateway, and the archive cannot tell the difference),
 * then waits until the archive has consumed them all. Reports how long each half took.
 */
final class AgedArchive {

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

    private AgedArchive() {
    }

    /** @param archivedRows rows in the archive's messages table, -1 when the bench cannot look */
    static Result fill(Target target, String bootstrap, ArchiveLag lag, AgedRecords records,
                       LongSupplier databaseBytes, LongSupplier archivedRows) throws Exception {
        long messages = records.total();
        int conversations = records.conversations();
        System.out.printf("  writing %,d messages in %,d conversations to %s%n", messages, conversations, ArchiveLag.TOPIC);
        ProcStats.CpuWindow cpu = target.cpu();
        long started = System.nanoTime();
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        // Same durability as Parley's own producer (acks=all, idempotent), but batched for throughput: nobody waits for one record.
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024, ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            long nextReport = started + PROGRESS_EVERY.toNanos();
            for (long i = 0; i < messages; i++) {
                producer.send(new ProducerRecord<>(ArchiveLag.TOPIC, records.key(i), records.value(i)), (metadata, error) -> {
                    if (error != null && failed.incrementAndGet() == 1) {
                        firstFailure.set(error);
                    }
                });
                if ((i & 0xFFFF) == 0 && System.nanoTime() >= nextReport) {
                    nextReport = System.nanoTime() + PROGRESS_EVERY.toNanos();
                    System.out.printf("    written %,d of %,d (%,.0f/s)%n", i, messages, i / ((System.nanoTime() - started) / 1e9));
                }
            }
            producer.flush();
        }
        double generateSeconds = (System.nanoTime() - started) / 1e9;
        if (failed.get() > 0) {
            System.out.println("  " + failed.get() + " records were not written, first: " + firstFailure.get());
        }
        System.out.printf("  written in %.1f s (%,.0f messages/s); waiting for the archive%n", generateSeconds, messages / generateSeconds);
        // While the generator writes, it and the broker take most of both cores: the archive's own pace shows once it stops.
        long generatedAt = System.nanoTime();
        long archivedWhileGenerating = lag.health().archivedSinceStart().orElse(-1);
        // Generous: the archive takes thousands of messages per second, not less than a thousand.
        Duration atMost = Duration.ofSeconds(Math.max(600, messages / 1000));
        boolean caughtUp = lag.awaitCaughtUp(atMost);
        double archiveSeconds = (System.nanoTime() - started) / 1e9;
        double cores = cpu.cores();
        Result result = Result.of("archive-fill", target.name()).param("messages", messages).param("conversations", conversations)
                .metric("generateSeconds", generateSeconds).metric("generatedPerSecond", messages / generateSeconds)
                .metric("notWritten", failed.get())
                .metric("archivedSeconds", archiveSeconds).metric("archivedPerSecond", messages / archiveSeconds)
                .metric("archiveCaughtUp", caughtUp ? "yes" : "no, gave up");
        if (archivedWhileGenerating >= 0 && caughtUp) {
            double afterSeconds = (System.nanoTime() - generatedAt) / 1e9;
            result.metric("archivedWhileGenerating", archivedWhileGenerating)
                    .metric("archivedPerSecondAfterGenerating", (messages - archivedWhileGenerating) / afterSeconds);
        }
        if (target.measurable()) {
            result.metric("serverCpuCores", cores).metric("serverRssMib", target.rssKib() / 1024.0);
        }
        // Caught up can also mean set aside: these say how many were really stored, where the bench can tell.
        long rows = archivedRows.getAsLong();
        if (rows >= 0) {
            result.metric("archivedRows", rows);
        }
        Health health = lag.health();
        health.archivedSinceStart().ifPresent(n -> result.metric("archivedSinceStart", n));
        health.deadLettersSinceStart().ifPresent(n -> result.metric("deadLettersSinceStart", n));
        return result.metric("databaseMib", databaseBytes.getAsLong() / 1048576.0);
    }
}
