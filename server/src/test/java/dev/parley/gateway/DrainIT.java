package dev.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import dev.parley.support.NodeProcess;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.TestDirs;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A node (its own JVM) gets SIGTERM while its clients send continuously. The stop runs in the
 * documented order: readiness DOWN; new sends refused; every send already taken answered and
 * routed; every WebSocket closed with 1001 and a reason to reconnect; then the producer, the
 * consumers, the broker and the database, each once; and the process exits within the bound with
 * no WARN or ERROR flood. After a restart on the same data, every acked message is in history and
 * nothing that went unanswered was stored.
 */
class DrainIT {

    private static final int CLIENTS = 8; // client i writes to client i ^ 1
    private static final Duration EXIT_LIMIT = Duration.ofSeconds(10);
    private static final String REASON = "server shutting down; reconnect and resume";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aStoppingNodeAnswersEverySendClosesWith1001AndLosesNothing() throws Exception {
        Path dataDir = TestDirs.fresh("drain");
        // A grace between readiness DOWN and the drain, as behind a load balancer; and the beans' stop order in the log.
        Map<String, String> settings = Map.of("parley.drain.readiness-grace", "1s",
                "logging.level.dev.parley.system.ShutdownTrace", "DEBUG");
        List<DrainClient> clients = new ArrayList<>();
        long terminatedAt;
        long exitedAt;
        long readinessDownAt;
        List<String> log;
        try (NodeProcess node = new NodeProcess(dataDir, settings).start()) {
            List<Account> accounts = IntStream.range(0, CLIENTS).mapToObj(i -> node.api().register("drain")).toList();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(DrainClient.connect(node.port(), i, accounts.get(i), accounts.get(i ^ 1)));
            }
            clients.forEach(DrainClient::startSending);
            Awaitility.await("every client has acks").atMost(Duration.ofSeconds(60))
                    .until(() -> clients.stream().allMatch(c -> c.acks().size() >= 20));

            AtomicLong upAt = new AtomicLong();
            AtomicLong downAt = new AtomicLong();
            // The probe's own pace, as a load balancer polls.
            ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
            poller.scheduleWithFixedDelay(() -> probeReadiness(node.port(), upAt, downAt), 0, 20, TimeUnit.MILLISECONDS);
            Awaitility.await("readiness UP").atMost(Duration.ofSeconds(10)).until(() -> upAt.get() != 0);
            terminatedAt = System.nanoTime();
            node.terminate();
            assertThat(node.awaitExit(Duration.ofSeconds(60))).as("the node exits; %s", node.describeLog()).isTrue();
            exitedAt = System.nanoTime();
            poller.shutdownNow();
            readinessDownAt = downAt.get();
            Awaitility.await("every client saw its connection end").atMost(Duration.ofSeconds(10))
                    .until(() -> clients.stream().allMatch(DrainClient::ended));
            clients.forEach(DrainClient::stopSending);
            log = Files.readAllLines(node.log());
        }

        long exitMillis = TimeUnit.NANOSECONDS.toMillis(exitedAt - terminatedAt);
        long firstClose = clients.stream().mapToLong(DrainClient::closedAt).min().orElseThrow();
        List<String> warnings = from(log, "Stopping: readiness is DOWN").stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
        System.out.printf("[DrainIT] SIGTERM -> readiness DOWN seen %d ms, first close %d ms, exit %d ms; %d sends, %d acked, %d refused, "
                        + "%d unanswered; %d WARN/ERROR lines while stopping%n",
                millis(terminatedAt, readinessDownAt), millis(terminatedAt, firstClose), exitMillis,
                clients.stream().mapToInt(c -> c.sent().size()).sum(), clients.stream().mapToInt(c -> c.acks().size()).sum(),
                clients.stream().mapToInt(c -> c.refusals().size()).sum(), clients.stream().mapToInt(c -> c.unanswered().size()).sum(),
                warnings.size());

        assertThat(exitMillis).as("SIGTERM to exit").isLessThanOrEqualTo(EXIT_LIMIT.toMillis());
        assertThat(readinessDownAt).as("readiness was seen DOWN").isNotZero();
        assertThat(readinessDownAt).as("readiness DOWN before any client saw its close").isLessThan(firstClose);
        for (DrainClient client : clients) {
            assertThat(client.closeCode()).as("close code of client %d", client.index()).isEqualTo(1001);
            assertThat(client.closeReason()).isEqualTo(REASON);
            assertThat(client.acks().values()).as("no ack after the close").allMatch(ack -> ack.at() < client.closedAt());
            assertThat(client.unansweredSentBefore(readinessDownAt)).as("sends before readiness went DOWN, unanswered").isEmpty();
            // Only sends that crossed the close frame on the wire, never read: at most the client's window.
            assertThat(client.unanswered()).hasSizeLessThanOrEqualTo(DrainClient.WINDOW);
            DrainClient recipient = clients.get(client.index() ^ 1);
            assertThat(client.acks().values()).as("acked messages of client %d reached its recipient live, before its close", client.index())
                    .allMatch(ack -> recipient.deliveredBefore(ack.serverMsgId(), recipient.closedAt()));
        }
        assertThat(clients.stream().flatMap(c -> c.refusals().values().stream())).as("sends during the drain were refused")
                .contains(Draining.CODE).isSubsetOf(Draining.CODE, "overloaded"); // overloaded: a busy machine, retried by the client later

        assertStopOrder(log);
        assertThat(warnings).as("WARN and ERROR lines while stopping").noneMatch(l -> l.contains(" ERROR ")).hasSizeLessThanOrEqualTo(2);

        try (NodeProcess again = new NodeProcess(dataDir, Map.of()).start()) {
            for (DrainClient client : clients) {
                Set<String> stored = history(again.api(), client.conversationId(), client.account().token());
                assertThat(stored).as("client %d's acked messages after the restart", client.index())
                        .containsAll(client.acks().values().stream().map(Ack::serverMsgId).toList());
                assertThat(client.unanswered()).as("client %d's unanswered sends were never stored", client.index())
                        .noneMatch(id -> stored.contains(client.serverMsgId(id)));
                assertThat(client.refusals().keySet()).as("client %d's refused sends were never stored", client.index())
                        .noneMatch(id -> stored.contains(client.serverMsgId(id)));
            }
        }
    }

    /** The stages in the order docs/architecture.md gives, each line after the one before. */
    private static void assertStopOrder(List<String> log) {
        List<Predicate<String>> stages = List.of(
                l -> l.contains("Stopping: readiness is DOWN"),
                l -> l.contains("Stopping: new connections and sends refused; every send answered: true, every acked message routed: true"),
                l -> l.contains("connections closed with 1001") && l.contains("every send answered"),
                l -> l.contains("Commencing graceful shutdown"),      // the web server: no WebSocket left to wait for
                l -> l.contains("Stopping bean liveRouterConsumer"),
                l -> l.contains("Stopping bean archiveLifecycle"),     // archive consumers: their batch and positions stored
                l -> l.contains("Stopping bean messageProducer"),      // after its last send was acked long before
                l -> l.contains("Stopping bean embeddedKafkaBroker"),
                l -> l.contains("Stopping bean dataSource"),
                l -> l.contains("Parley stopped in"));
        int at = -1;
        for (int stage = 0; stage < stages.size(); stage++) {
            int found = -1;
            for (int i = at + 1; i < log.size(); i++) {
                if (stages.get(stage).test(log.get(i))) {
                    found = i;
                    break;
                }
            }
            assertThat(found).as("stop stage %d after line %d of the node log:%n%s", stage + 1, at + 1,
                    String.join("\n", from(log, "Stopping: readiness is DOWN"))).isPositive();
            at = found;
        }
    }

    private static List<String> from(List<String> log, String marker) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).contains(marker)) {
                return log.subList(i, log.size());
            }
        }
        return List.of();
    }

    /** One probe: the first 200 sets {@code upAt}, the first other answer (or none) {@code downAt}. */
    private static void probeReadiness(int port, AtomicLong upAt, AtomicLong downAt) {
        if (downAt.get() != 0) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            (status == 200 ? upAt : downAt).compareAndSet(0, System.nanoTime());
        } catch (IOException e) {
            downAt.compareAndSet(0, System.nanoTime()); // no longer listening: down too
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Set<String> history(TestApi api, String conversationId, String token) {
        Set<String> ids = new HashSet<>();
        long after = -1;
        while (true) {
            long from = after;
            TestApi.Response page = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                    () -> api.get("/api/v1/conversations/" + conversationId + "/messages?limit=200&after=" + from, token),
                    response -> response.status() == 200); // 503 starting: the node re-reads the newest part of the log first
            page.body().get("messages").forEach(m -> ids.add(m.get("serverMsgId").asString()));
            JsonNode newer = page.body().get("newerAfter");
            if (newer == null || newer.isNull()) {
                return ids;
            }
            after = newer.asLong();
        }
    }

    private static long millis(long from, long to) {
        return to == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(to - from);
    }

    record Ack(String serverMsgId, long at) {
    }
}
