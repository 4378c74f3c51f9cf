package dev.parley.bench;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until Parley's archive has consumed the whole message log, so that one scenario's backlog
 * does not land in the next one's figures.
 */
final class ArchiveLag {

    private ArchiveLag() {
    }

    static void awaitCaughtUp(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            long started = System.nanoTime();
            boolean caughtUp = Wait.until(Duration.ofMinutes(10), () -> lag(admin) == 0);
            double seconds = (System.nanoTime() - started) / 1e9;
            if (seconds > 1 || !caughtUp) {
                System.out.printf("  (waited %.1f s for the archive to catch up%s)%n", seconds, caughtUp ? "" : ", gave up");
            }
        }
    }

    static long lag(Admin admin) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("parley-archive")
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(java.util.List.of("parley.messages")).allTopicNames().get()
                    .get("parley.messages").partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition("parley.messages", p.partition()), p -> OffsetSpec.latest()));
            long lag = 0;
            for (var end : admin.listOffsets(latest).all().get().entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                lag += end.getValue().offset() - (done == null ? 0 : done.offset());
            }
            return lag;
        } catch (Exception e) {
            return Long.MAX_VALUE;
        }
    }
}
