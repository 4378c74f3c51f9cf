package dev.parley.operations;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.newId;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import dev.parley.support.ParleyNode;
import dev.parley.support.Scrape;
import dev.parley.support.SharedNode;
import dev.parley.support.TestApi.Account;
import dev.parley.support.WsClient;
import dev.parley.tracing.MessageTracing;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus scrape, at both of its paths, after real traffic over real WebSockets: every
 * family the operations guide promises is there, the values moved by what the test did, and no
 * label carries a user, a conversation or anything else unbounded.
 */
class MetricsIT {

    private static final Pattern UUID_LIKE = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final ParleyNode node = SharedNode.get();

    @Test
    void bothPathsServeTheSameFamilies() {
        Scrape actuator = Scrape.of(node.port(), "/actuator/prometheus");
        Scrape alias = Scrape.of(node.port(), "/prometheus/metrics");
        for (String family : new String[] {"parley_connections", "parley_stage_lag_seconds", "parley_log_lag_messages",
                "parley_ack_latency_seconds_bucket", "parley_delivery_latency_seconds_bucket", "parley_frames_in_total",
                "parley_sends_total", "parley_resumes_total", "parley_connections_closed_total", "jvm_memory_used_bytes"}) {
            assertThat(actuator.has(family)).as("%s at /actuator/prometheus", family).isTrue();
            assertThat(alias.has(family)).as("%s at /prometheus/metrics", family).isTrue();
        }
        assertThat(actuator.sum("parley_log_lag_messages", "consumer=\"routing\"", "partition=\"0\"")).isGreaterThanOrEqualTo(0);
        assertThat(actuator.has("parley_log_lag_messages{consumer=\"archive\",partition=\"0\"}")).isTrue();
    }

    @Test
    void trafficMovesTheCountersAndNoLabelIsUnbounded() {
        Account alice = node.api().register("metrics-alice");
        Account bob = node.api().register("metrics-bob");
        Scrape before = Scrape.of(node.port(), "/prometheus/metrics");

        try (WsClient aliceWs = WsClient.connect(node.port(), alice.token());
             WsClient bobWs = WsClient.connect(node.port(), bob.token())) {
            for (int i = 0; i < 5; i++) {
                String id = newId();
                aliceWs.send(dm(id, bob.username(), "counted " + i));
                aliceWs.awaitData("message.ack", "clientMsgId", id);
                bobWs.awaitData("message.create", "clientMsgId", id);
            }
            aliceWs.send(Map.of("type", "message.send", "to", bob.username(), "content", "no clientMsgId"));
            aliceWs.send(Map.of("type", "made.up." + newId()));
            aliceWs.awaitType("error");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> aliceWs.frames("error").size() >= 2);

            try (WsClient resuming = WsClient.connectResuming(node.port(), bob.token())) {
                resuming.send(Map.of("type", "resume", "positions", Map.of()));
                resuming.awaitType("resume.done");
            }
        }
        Throwable refused = WsClient.attempt(URI.create("ws://127.0.0.1:" + node.port() + "/ws?token=not-a-token"), Map.of())
                .handle((socket, error) -> error).join();
        assertThat(refused).as("a bad token is refused").isNotNull();

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Scrape after = Scrape.of(node.port(), "/prometheus/metrics");
            assertThat(moved(before, after, "parley_frames_in_total", "type=\"message.send\"")).isGreaterThanOrEqualTo(6);
            assertThat(moved(before, after, "parley_frames_in_total", "type=\"unknown\"")).isGreaterThanOrEqualTo(1);
            assertThat(moved(before, after, "parley_frames_out_total", "type=\"message.create\"")).isGreaterThanOrEqualTo(5);
            assertThat(moved(before, after, "parley_frames_out_total", "type=\"message.ack\"")).isGreaterThanOrEqualTo(5);
            assertThat(moved(before, after, "parley_sends_total", "outcome=\"accepted\"")).isGreaterThanOrEqualTo(5);
            assertThat(moved(before, after, "parley_sends_total", "outcome=\"refused\"", "reason=\"invalid_field\"")).isGreaterThanOrEqualTo(1);
            assertThat(moved(before, after, "parley_ack_latency_seconds_count")).isGreaterThanOrEqualTo(5);
            assertThat(moved(before, after, "parley_delivery_latency_seconds_count")).isGreaterThanOrEqualTo(5);
            assertThat(moved(before, after, "parley_resumes_total", "outcome=\"done\"")).isGreaterThanOrEqualTo(1);
            assertThat(moved(before, after, "parley_resume_replayed_messages_sum")).isGreaterThanOrEqualTo(5);
            assertThat(moved(before, after, "parley_auth_failures_total", "endpoint=\"websocket\"")).isGreaterThanOrEqualTo(1);

            for (String series : after.samples().keySet()) {
                assertThat(UUID_LIKE.matcher(series).find()).as("an id in the series %s", series).isFalse();
                assertThat(series).doesNotContain(alice.username()).doesNotContain(bob.username()).doesNotContain("made.up");
            }
        });
    }

    @Test
    void tracingIsOffWithoutAZipkinEndpoint() {
        assertThat(node.bean(MessageTracing.class).on()).isFalse();
    }

    private static double moved(Scrape before, Scrape after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
