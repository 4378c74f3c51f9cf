package dev.parley.cluster;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.newId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.parley.log.TestBroker;
import dev.parley.support.ParleyNode;
import dev.parley.support.Postgres;
import dev.parley.support.Scrape;
import dev.parley.support.TestApi.Account;
import dev.parley.support.TestDirs;
import dev.parley.support.WsClient;
import dev.parley.support.ZipkinReceiver;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One trace per message across two nodes, reported to a Zipkin v2 endpoint: the send on the
 * sender's node, its write to the log, the router, the hop through the recipient node's delivery
 * topic, and the write to the recipient's WebSocket there, each the child of the one before.
 */
class ClusterTracingIT {

    private static TestBroker kafka;
    private static ZipkinReceiver zipkin;
    private static ParleyNode a;
    private static ParleyNode b;
    private static String prefix;

    @BeforeAll
    static void start() {
        kafka = TestBroker.start(TestDirs.fresh("tracing-kafka").resolve("kafka"), 3);
        zipkin = ZipkinReceiver.start();
        String database = Postgres.freshDatabase("tracing");
        prefix = "parley-test-" + UUID.randomUUID().toString().substring(0, 8);
        a = ParleyNode.start(TestDirs.fresh("tracing-a"), traced("a", database));
        b = ParleyNode.start(TestDirs.fresh("tracing-b"), traced("b", database));
    }

    private static Map<String, String> traced(String name, String database) {
        Map<String, String> settings = new HashMap<>(ClusterIT.node(name, kafka, database, prefix));
        settings.put("parley.tracing.zipkin-endpoint", zipkin.endpoint());
        settings.put("spring.application.name", "parley-" + name); // Zipkin's service name: which node reported a span
        return settings;
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {a, b, kafka, zipkin}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void oneTraceFollowsAMessageFromTheFrameToTheRecipientsSocketOnAnotherNode() {
        Account alice = a.api().register("trace-alice");
        String toB = "deliver parley.node." + prefix + "-b";
        try (WsClient onA = WsClient.connect(a.port(), alice.token())) {
            // Each new recipient is a new conversation, routed by whichever node holds its partition: until one is
            // routed on a (alice's node), so that it reaches bob's node b through b's delivery topic.
            for (int attempt = 0; attempt < 12 && !hasSpan(toB, null); attempt++) {
                Account bob = a.api().register("trace-bob");
                try (WsClient onB = WsClient.connect(b.port(), bob.token())) {
                    Awaitility.await().atMost(Duration.ofSeconds(20))
                            .until(() -> b.bean(dev.parley.gateway.SessionRegistry.class).sessionsOf(bob.id()) == 1);
                    String id = newId();
                    onA.send(dm(id, bob.username(), "traced"));
                    onA.awaitData("message.ack", "clientMsgId", id);
                    onB.awaitData("message.create", "clientMsgId", id);
                    // Spans are reported about a second after they end.
                    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> hasSpan("ws.write message.create", null)
                            && zipkin.spans().stream().filter(span -> "ws.write message.create".equals(span.path("name").asString()))
                            .count() == spans("message.send", null).size());
                }
            }
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode deliver = spans(toB, null).stream().findFirst().orElseThrow(() -> new AssertionError("no message went through "
                    + toB + ": " + zipkin.spans().stream().map(span -> span.path("name").asString()).toList()));
            String trace = deliver.get("traceId").asString();
            JsonNode send = only("message.send", trace);
            JsonNode produce = only("kafka.send parley.messages", trace);
            JsonNode route = only("route", trace);
            JsonNode forward = only("forward parley.node." + prefix + "-b", trace);
            JsonNode write = only("ws.write message.create", trace);

            assertThat(parent(produce)).isEqualTo(send.get("id").asString());
            assertThat(parent(route)).isEqualTo(produce.get("id").asString());
            assertThat(parent(forward)).isEqualTo(route.get("id").asString());
            assertThat(parent(deliver)).isEqualTo(forward.get("id").asString());
            assertThat(parent(write)).isEqualTo(deliver.get("id").asString());

            assertThat(service(send)).isEqualTo("parley-a");
            assertThat(service(route)).isEqualTo("parley-a");
            assertThat(service(deliver)).isEqualTo("parley-b");
            assertThat(service(write)).isEqualTo("parley-b");
            assertThat(List.of(send, produce, route, forward, deliver, write))
                    .allSatisfy(span -> assertThat(span.get("kind").asString()).isIn("SERVER", "PRODUCER", "CONSUMER"));
        });
        Scrape scrapeA = Scrape.of(a.port(), "/prometheus/metrics");
        Scrape scrapeB = Scrape.of(b.port(), "/prometheus/metrics");
        assertThat(scrapeA.sum("parley_cluster_forwards_total", "direction=\"out\"")).isGreaterThanOrEqualTo(1);
        assertThat(scrapeB.sum("parley_cluster_forwards_total", "direction=\"in\"")).isGreaterThanOrEqualTo(1);
    }

    private static boolean hasSpan(String name, String trace) {
        return !spans(name, trace).isEmpty();
    }

    private static List<JsonNode> spans(String name, String trace) {
        return zipkin.spans().stream()
                .filter(span -> name.equals(span.path("name").asString()))
                .filter(span -> trace == null || trace.equals(span.get("traceId").asString()))
                .toList();
    }

    /** The one span named {@code name} that the trace {@code trace} has. */
    private static JsonNode only(String name, String trace) {
        List<JsonNode> named = spans(name, trace);
        assertThat(named).as("spans named '%s' in trace %s", name, trace).hasSize(1);
        return named.get(0);
    }

    private static String parent(JsonNode span) {
        return span.path("parentId").asString();
    }

    private static String service(JsonNode span) {
        return span.path("localEndpoint").path("serviceName").asString();
    }
}
