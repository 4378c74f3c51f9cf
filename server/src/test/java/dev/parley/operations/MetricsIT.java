package dev.parley.operations;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.newId;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.parley.cluster.ClusterMeters;
import dev.parley.support.Dashboard;
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
        assertThat(actuator.samples()).as("a lag series only for a partition the consumer reads: none NaN")
                .allSatisfy((series, value) -> assertThat(value).as(series).isNotNaN());
    }

    @Test
    void trafficMovesTheCountersAndNoLabelIsUnbounded() {
        Account alice = node.api().register("metrics-alice");
        Account bob = node.api().register("metrics-bob");
        Scrape before = Scrape.of(node.port(), "/prometheus/metrics");

        traffic(alice, bob);

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

    /**
     * The Grafana dashboard (deploy/grafana/parley-dashboard.json) cannot drift from the code: every
     * parley_* metric its panels query is in a scrape of a node that had traffic. Names are compared
     * whole, as samples are named (parley_connections is not satisfied by parley_connections_closed_total,
     * nor parley_ack_latency_seconds_bucket by parley_ack_latency_seconds_count). The delivery topic meters
     * exist only in cluster mode; they are checked against the Prometheus names of the meters the real
     * forwarder and inbox register (ClusterMeters), since this node runs alone.
     */
    @Test
    void everyMetricOnTheDashboardIsInTheScrape() {
        traffic(node.api().register("dash-alice"), node.api().register("dash-bob"));
        Set<String> wanted = Dashboard.parleyMetrics();
        assertThat(wanted).as("parley_* metrics in %s", Dashboard.FILE).contains("parley_connections", "parley_sends_total",
                "parley_ack_latency_seconds_bucket", "parley_cluster_forwards_total");
        Set<String> cluster = sampleNames(ClusterMeters.scrape().lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).map(line -> line.substring(0, line.lastIndexOf(' '))).toList());

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Set<String> scraped = sampleNames(Scrape.of(node.port(), "/prometheus/metrics").samples().keySet());
            List<String> missing = wanted.stream()
                    .filter(name -> !(name.startsWith("parley_cluster_") ? cluster : scraped).contains(name))
                    .toList();
            assertThat(missing).as("metrics queried by %s that the node does not export", Dashboard.FILE).isEmpty();
        });
    }

    @Test
    void tracingIsOffWithoutAZipkinEndpoint() {
        assertThat(node.bean(MessageTracing.class).on()).isFalse();
    }

    /**
     * Five messages from alice to bob, a send without clientMsgId, a frame of a made-up type, a
     * resume of bob's and a WebSocket upgrade with a bad token.
     */
    private void traffic(Account alice, Account bob) {
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
    }

    /** The sample names of a scrape's series: {@code parley_sends_total{outcome="accepted",...}} is {@code parley_sends_total}. */
    private static Set<String> sampleNames(Collection<String> series) {
        return series.stream().map(s -> s.indexOf('{') < 0 ? s : s.substring(0, s.indexOf('{'))).collect(Collectors.toSet());
    }

    private static double moved(Scrape before, Scrape after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
