package dev.parley.cluster;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.newId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.parley.conversations.Conversations;
import dev.parley.log.LogReader;
import dev.parley.log.PartitionLeases;
import dev.parley.log.TestBroker;
import dev.parley.support.NodeProcess;
import dev.parley.support.ParleyNode;
import dev.parley.support.Postgres;
import dev.parley.support.TestApi.Account;
import dev.parley.support.TestDirs;
import dev.parley.support.WsClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A cluster node killed with SIGKILL while messages flow: the other node takes over the partitions
 * it routed (after Kafka's session timeout) and routes what it had not, so recipients connected to
 * the survivor get every acked message once and in order; the dead node's clients reconnect to the
 * survivor, resume, and find everything too.
 */
class ClusterFailoverIT {

    private static final Duration DELIVERED_WITHIN = Duration.ofSeconds(30);

    private static TestBroker kafka;
    private static ParleyNode a;
    private static NodeProcess b;

    /** A sender and a recipient on the survivor, and a recipient on the node that dies, in one conversation each. */
    record Pair(Account sender, WsClient senderClient, Account here, WsClient hereClient, Account away, WsClient awayClient) {
    }

    @BeforeAll
    static void start() {
        kafka = TestBroker.start(TestDirs.fresh("failover-kafka").resolve("kafka"), 3);
        String database = Postgres.freshDatabase("failover");
        String prefix = "parley-test-" + UUID.randomUUID().toString().substring(0, 8);
        a = ParleyNode.start(TestDirs.fresh("failover-a"), ClusterIT.node("a", kafka, database, prefix));
        b = new NodeProcess(TestDirs.fresh("failover-b"), ClusterIT.node("b", kafka, database, prefix)).start();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            int held = a.bean(PartitionLeases.class).held().size();
            return held > 0 && held < 3;
        });
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aKilledNodesPartitionsAreRoutedOnWithoutLossAndItsClientsResumeOnTheSurvivor() {
        List<Pair> pairs = pairsOnEveryPartitionTheDeadNodeRoutes();
        Map<WsClient, List<String>> expected = new HashMap<>();
        send(pairs, 3, expected);
        pairs.forEach(p -> {
            awaitAll(p.hereClient(), expected.get(p.hereClient()));
            awaitAll(p.awayClient(), expected.get(p.awayClient()));
        });

        long killedAt = System.nanoTime();
        b.kill9();
        pairs.forEach(p -> p.awayClient().abort());
        send(pairs, 10, expected);

        for (Pair p : pairs) {
            awaitAll(p.hereClient(), expected.get(p.hereClient()));
            assertOnceInOrder(p.hereClient());
        }
        System.out.printf("failover: every acked message delivered on the survivor %d ms after the kill%n",
                (System.nanoTime() - killedAt) / 1_000_000);
        assertThat(a.bean(PartitionLeases.class).held()).containsExactlyInAnyOrder(0, 1, 2);

        for (Pair p : pairs) {
            WsClient resumed = WsClient.connectResuming(a.port(), p.away().token());
            try {
                resumed.send(Map.of("type", "resume", "positions", positions(p.awayClient())));
                resumed.awaitType("resume.done");
                List<String> got = new ArrayList<>(ids(p.awayClient()));
                got.addAll(ids(resumed));
                assertThat(got).as("what the dead node's client had, then what the resume sent").containsExactlyElementsOf(expected.get(p.awayClient()));
            } finally {
                resumed.close();
            }
        }
        pairs.forEach(p -> {
            p.senderClient().close();
            p.hereClient().close();
        });
    }

    /** Pairs until the node about to die routes at least one of their conversations, one per partition at most. */
    private List<Pair> pairsOnEveryPartitionTheDeadNodeRoutes() {
        Set<Integer> onB = new HashSet<>(Set.of(0, 1, 2));
        onB.removeAll(a.bean(PartitionLeases.class).held());
        LogReader log = a.bean(LogReader.class);
        List<Pair> pairs = new ArrayList<>();
        Set<Integer> covered = new HashSet<>();
        for (int i = 0; i < 60 && covered.size() < 3; i++) {
            Account sender = a.api().register("sender");
            Account here = a.api().register("here");
            if (!covered.add(log.partitionOf(Conversations.direct(sender.id(), here.id())))) {
                continue;
            }
            Account away = a.api().register("away");
            pairs.add(new Pair(sender, WsClient.connect(a.port(), sender.token()), here, WsClient.connect(a.port(), here.token()),
                    away, WsClient.connect(b.port(), away.token())));
        }
        assertThat(covered).as("conversations on the partitions the dying node routes").containsAll(onB);
        return pairs;
    }

    private static void send(List<Pair> pairs, int each, Map<WsClient, List<String>> expected) {
        for (int i = 0; i < each; i++) {
            for (Pair p : pairs) {
                for (var target : List.of(Map.entry(p.here(), p.hereClient()), Map.entry(p.away(), p.awayClient()))) {
                    String id = newId();
                    p.senderClient().send(dm(id, target.getKey().username(), "message " + i));
                    p.senderClient().awaitData("message.ack", "clientMsgId", id);
                    expected.computeIfAbsent(target.getValue(), c -> new ArrayList<>()).add(id);
                }
            }
        }
    }

    private static void awaitAll(WsClient client, List<String> ids) {
        Awaitility.await().atMost(DELIVERED_WITHIN).untilAsserted(() -> assertThat(ids(client)).containsAll(ids));
    }

    private static void assertOnceInOrder(WsClient client) {
        List<Long> seqs = client.frames("message.create").stream().map(f -> f.get("data").get("seq").asLong()).toList();
        assertThat(seqs).as("one conversation per client: seqs once each, ascending").isSorted().doesNotHaveDuplicates();
    }

    private static List<String> ids(WsClient client) {
        return client.frames("message.create").stream().map(f -> f.get("data").get("clientMsgId").asString()).toList();
    }

    private static Map<String, Long> positions(WsClient client) {
        Map<String, Long> positions = new LinkedHashMap<>();
        for (JsonNode frame : client.frames("message.create")) {
            positions.merge(frame.get("data").get("conversationId").asString(), frame.get("data").get("seq").asLong(), Math::max);
        }
        return positions;
    }
}
