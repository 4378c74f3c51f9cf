package dev.parley.cluster;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.newId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.parley.log.TestBroker;
import dev.parley.support.ParleyNode;
import dev.parley.support.Postgres;
import dev.parley.support.RedisProcess;
import dev.parley.support.TestApi.Account;
import dev.parley.support.TestDirs;
import dev.parley.support.WsClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry's Redis killed while messages flow between two nodes, then started again empty:
 * connected clients keep receiving every acked message (routing goes to every node meanwhile),
 * nothing is lost, duplicated or reordered, and routing by the registry comes back by itself once
 * the nodes have registered their users again.
 */
class RedisOutageIT {

    private static final Duration DELIVERED_WITHIN = Duration.ofSeconds(20);

    private static RedisProcess redis;
    private static TestBroker kafka;
    private static ParleyNode a;
    private static ParleyNode b;
    private static String prefix;

    /** One conversation across the nodes: its two clients, each receiving what the other sends. */
    record Pair(Account onA, WsClient clientA, Account onB, WsClient clientB) {
    }

    @BeforeAll
    static void start() {
        redis = RedisProcess.start(TestDirs.fresh("outage-redis"));
        kafka = TestBroker.start(TestDirs.fresh("outage-kafka").resolve("kafka"), 3);
        String database = Postgres.freshDatabase("outage");
        prefix = "parley-test-" + UUID.randomUUID().toString().substring(0, 8);
        a = ParleyNode.start(TestDirs.fresh("outage-a"), settings("a", database, prefix));
        b = ParleyNode.start(TestDirs.fresh("outage-b"), settings("b", database, prefix));
    }

    private static Map<String, String> settings(String name, String database, String prefix) {
        Map<String, String> settings = new HashMap<>(ClusterIT.node(name, kafka, database, prefix));
        settings.put("parley.cluster.redis-url", redis.url());
        return settings;
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {a, b, kafka, redis}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // the others still close
            }
        }
    }

    @Test
    void connectedClientsKeepReceivingThroughARedisRestartAndNothingIsLost() {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Account onA = a.api().register("ra");
            Account onB = a.api().register("rb");
            pairs.add(new Pair(onA, WsClient.connect(a.port(), onA.token()), onB, WsClient.connect(b.port(), onB.token())));
        }
        Map<WsClient, List<String>> expected = new HashMap<>();
        send(pairs, 3, expected);
        awaitAll(pairs, expected);

        // Both nodes' lists of nodes (whom a router forwards to without the registry) have the other by now.
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> ((KafkaForwarder) a.bean(dev.parley.routing.Forwarder.class)).otherNodes()
                .contains(prefix + "-b") && ((KafkaForwarder) b.bean(dev.parley.routing.Forwarder.class)).otherNodes().contains(prefix + "-a"));
        redis.kill();
        send(pairs, 5, expected);
        awaitAll(pairs, expected); // live, while Redis is away
        assertThat(List.of(registryState(a), registryState(b))).as("the routers found Redis gone and broadcast")
                .anyMatch(state -> state.startsWith("unavailable"));

        redis.restart(); // empty: every route and liveness key is gone
        send(pairs, 5, expected);
        awaitAll(pairs, expected);
        String bobKey = new RedisKeys(prefix).user(pairs.getFirst().onB().id());
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            send(pairs, 1, expected); // a router looks at the registry again when it has something to route
            assertThat(registryState(a)).isEqualTo("up");
            assertThat(registryState(b)).isEqualTo("up");
            java.util.Set<String> nodes = redis.command(c -> c.sync().smembers(bobKey));
            assertThat(nodes).as("b registered its user again by itself").containsExactly(prefix + "-b");
        });
        send(pairs, 3, expected);
        awaitAll(pairs, expected);

        for (Pair p : pairs) {
            for (WsClient client : List.of(p.clientA(), p.clientB())) {
                assertThat(ids(client)).as("every acked message, once, in the order sent").containsExactlyElementsOf(expected.get(client));
                List<Long> seqs = client.frames("message.create").stream().map(f -> f.get("data").get("seq").asLong()).toList();
                assertThat(seqs).isSorted().doesNotHaveDuplicates();
            }
            p.clientA().close();
            p.clientB().close();
        }
    }

    /** What the node's router says of the registry in /health. */
    private static String registryState(ParleyNode node) {
        return node.api().get("/health", null).body().get("components").get("routing").get("registry").asString();
    }

    /** Both ways in every pair, each send acked before the next. */
    private static void send(List<Pair> pairs, int rounds, Map<WsClient, List<String>> expected) {
        for (int i = 0; i < rounds; i++) {
            for (Pair p : pairs) {
                send(p.clientA(), p.onB(), p.clientB(), expected);
                send(p.clientB(), p.onA(), p.clientA(), expected);
            }
        }
    }

    private static void send(WsClient from, Account to, WsClient recipient, Map<WsClient, List<String>> expected) {
        String id = newId();
        from.send(dm(id, to.username(), "hello " + id));
        from.awaitData("message.ack", "clientMsgId", id);
        expected.computeIfAbsent(recipient, c -> new ArrayList<>()).add(id);
    }

    private static void awaitAll(List<Pair> pairs, Map<WsClient, List<String>> expected) {
        for (Pair p : pairs) {
            for (WsClient client : List.of(p.clientA(), p.clientB())) {
                Awaitility.await().atMost(DELIVERED_WITHIN).untilAsserted(() -> assertThat(ids(client)).containsAll(expected.get(client)));
            }
        }
    }

    private static List<String> ids(WsClient client) {
        return client.frames("message.create").stream().map(f -> f.get("data").get("clientMsgId").asString()).toList();
    }
}
