package dev.parley.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far Parley's archive is behind the message log, so the bench can wait until it has consumed
 * everything (one scenario's backlog must not land in the next one's figures, and an aged archive
 * must be complete before it is measured). Asks {@code GET /health} first
 * ({@code components.archive.lagMessages}); a server that does not report it there is asked
 * through its archive consumer group's committed offsets instead.
 */
final class ArchiveLag implements AutoCloseable {

    static final String TOPIC = "parley.messages";
    private static final String GROUP = "parley-archive";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI health;
    private final Admin admin;
    private String source = "none";

    ArchiveLag(String base, String bootstrap) {
        this.health = URI.create(base + "/health");
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
    }

    /** The archive's lag in messages; empty when neither the health endpoint nor the consumer group can say. */
    OptionalLong lag() {
        OptionalLong reported = fromHealth();
        if (reported.isPresent()) {
            source = "/health";
            return reported;
        }
        source = "consumer group " + GROUP;
        return fromConsumerGroup();
    }

    /** Waits (up to {@code atMost}) until the lag is 0; says so when that took a while. */
    boolean awaitCaughtUp(Duration atMost) {
        long started = System.nanoTime();
        Settle settle = new Settle(Duration.ofMillis(300).toNanos());
        long[] nextReport = {started + PROGRESS_EVERY.toNanos()};
        boolean caughtUp = Wait.until(atMost, () -> {
            OptionalLong lag = lag();
            long now = System.nanoTime();
            if (now >= nextReport[0]) {
                nextReport[0] = now + PROGRESS_EVERY.toNanos();
                System.out.printf("    archive lag %s messages after %.0f s (from %s)%n",
                        lag.isPresent() ? String.format("%,d", lag.getAsLong()) : "unknown", (now - started) / 1e9, source);
            }
            return settle.caughtUp(lag, now);
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        if (seconds > 1 || !caughtUp) {
            System.out.printf("  (waited %.1f s for the archive to catch up%s, lag from %s)%n", seconds, caughtUp ? "" : ", gave up", source);
        }
        return caughtUp;
    }

    private OptionalLong fromHealth() {
        return health().archiveLag();
    }

    /** The node's /health now; unreadable (no status, no figures) when it does not answer. */
    Health health() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return Health.parse(response.body()); // a node that is down answers 503 with the same kind of body
        } catch (java.io.IOException e) {
            return Health.parse("");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.parse("");
        }
    }

    private OptionalLong fromConsumerGroup() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(TOPIC)).allTopicNames().get()
                    .get(TOPIC).partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(TOPIC, p.partition()), p -> OffsetSpec.latest()));
            long lag = 0;
            for (var end : admin.listOffsets(latest).all().get().entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                lag += end.getValue().offset() - (done == null ? 0 : done.offset());
            }
            return OptionalLong.of(lag);
        } catch (Exception e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    /**
     * Caught up means a lag of 0 seen twice, {@code settleNanos} apart, with nothing else in
     * between: a lag the server computes periodically may still say 0 just after a burst was
     * written.
     */
    static final class Settle {
        private final long settleNanos;
        private long zeroSince = -1;

        Settle(long settleNanos) {
            this.settleNanos = settleNanos;
        }

        boolean caughtUp(OptionalLong lag, long nowNanos) {
            if (lag.isEmpty() || lag.getAsLong() != 0) {
                zeroSince = -1;
                return false;
            }
            if (zeroSince < 0) {
                zeroSince = nowNanos;
            }
            return nowNanos - zeroSince >= settleNanos;
        }
    }
}
