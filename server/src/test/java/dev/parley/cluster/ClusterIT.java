package dev.parley.cluster;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.join;
import static dev.parley.support.Frames.newId;
import static dev.parley.support.Frames.toRoom;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.parley.log.TestBroker;
import dev.parley.log.PartitionLeases;
import dev.parley.support.ParleyNode;
import dev.parley.support.Postgres;
import dev.parley.support.Scrape;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.TestDirs;
import dev.parley.support.WsClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Two nodes sharing one Kafka, one PostgreSQL database and the machine's Redis (under a key
 * prefix of their own): messages, room membership and typing cross nodes, the log's partitions are
 * routed by exactly one node each, and a node that leaves hands its partitions to the other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    static final String REDIS = System.getenv().getOrDefault("PARLEY_TEST_REDIS_URL", "redis://127.0.0.1:6379/0");

    private static TestBroker kafka;
    private static String database;
    private static String prefix;
    private static ParleyNode a;
    private static ParleyNode b;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        kafka = TestBroker.start(TestDirs.fresh("cluster-kafka").resolve("kafka"), 3);

        database = Postgres.freshDatabase("cluster");
        prefix = "parley-test-" + UUID.randomUUID().toString().substring(0, 8);
        a = ParleyNode.start(TestDirs.fresh("cluster-a"), node("a", kafka, database, prefix));
        b = ParleyNode.start(TestDirs.fresh("cluster-b"), node("b", kafka, database, prefix));
    }

    /** A cluster node's settings: the shared broker, database and Redis (under {@code prefix}). */
    static Map<String, String> node(String name, TestBroker kafka, String database, String prefix) {
        return node(name, kafka.bootstrapServers(), database, prefix);
    }

    static Map<String, String> node(String name, String kafka, String database, String prefix) {
        return Map.of(
                "parley.kafka.bootstrap-servers", kafka,
                "parley.database.url", database,
                "parley.database.username", Postgres.USER,
                "parley.database.password", Postgres.PASSWORD,
                "parley.cluster.redis-url", REDIS,
                "parley.cluster.key-prefix", prefix,
                "parley.cluster.node-id", prefix + "-" + name);
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        kafka.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WsClient::close);
        clients.clear();
    }

    @Test
    @Order(1)
    void everyPartitionIsRoutedByExactlyOneNode() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<Integer> onA = a.bean(PartitionLeases.class).held();
            Set<Integer> onB = b.bean(PartitionLeases.class).held();
            assertThat(onA).isNotEmpty();
            assertThat(onB).isNotEmpty();
            assertThat(onA).doesNotContainAnyElementsOf(onB);
            Set<Integer> all = new HashSet<>(onA);
            all.addAll(onB);
            assertThat(all).containsExactlyInAnyOrder(0, 1, 2);
            // The router's lag is reported per partition by the node that routes it, by no other.
            assertThat(routingLagPartitions(a)).as("partitions with a routing lag series on a").isEqualTo(onA);
            assertThat(routingLagPartitions(b)).as("partitions with a routing lag series on b").isEqualTo(onB);
        });
    }

    private static Set<Integer> routingLagPartitions(ParleyNode node) {
        Set<Integer> partitions = new HashSet<>();
        Scrape.of(node.port(), "/actuator/prometheus").samples().forEach((series, value) -> {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("parley_log_lag_messages\\{.*consumer=\"routing\".*partition=\"(\\d+)\".*")
                    .matcher(series);
            if (m.matches()) {
                assertThat(value).as(series).isNotNaN();
                partitions.add(Integer.parseInt(m.group(1)));
            }
        });
        return partitions;
    }

    @Test
    @Order(2)
    void directMessagesCrossNodesBothWays() {
        Account alice = a.api().register("alice");
        Account bob = a.api().register("bob");
        WsClient onA = connect(a, alice);
        WsClient onB = connect(b, bob);
        // Several conversations, so that both nodes' routers are involved.
        for (int i = 0; i < 6; i++) {
            String there = newId();
            onA.send(dm(there, bob.username(), "there " + i));
            onA.awaitData("message.ack", "clientMsgId", there);
            onB.awaitData("message.create", "clientMsgId", there);
            String back = newId();
            onB.send(dm(back, alice.username(), "back " + i));
            onA.awaitData("message.create", "clientMsgId", back);
        }
        Account carol = a.api().register("carol");
        WsClient carolOnB = connect(b, carol);
        String id = newId();
        onA.send(dm(id, carol.username(), "to carol"));
        carolOnB.awaitData("message.create", "clientMsgId", id);
        assertThat(onA.frames("message.create")).extracting(f -> f.get("data").get("clientMsgId").asString()).doesNotContain(id);
    }

    @Test
    @Order(3)
    void oneUserOnThreeNodesGetsEveryMessageOnEachSession() {
        Account dave = a.api().register("dave");
        Account erin = a.api().register("erin");
        try (ParleyNode c = ParleyNode.start(TestDirs.fresh("cluster-c"), node("c", kafka, database, prefix))) {
            WsClient daveOnA = connect(a, dave);
            WsClient daveOnB = connect(b, dave);
            WsClient daveOnC = connect(c, dave);
            WsClient erinOnA = connect(a, erin);
            String id = newId();
            erinOnA.send(dm(id, dave.username(), "to all of dave's sessions"));
            for (WsClient session : List.of(daveOnA, daveOnB, daveOnC)) {
                session.awaitData("message.create", "clientMsgId", id);
            }

            String own = newId();
            daveOnC.send(dm(own, erin.username(), "dave's other sessions see what he sent"));
            daveOnC.awaitData("message.ack", "clientMsgId", own);
            daveOnA.awaitData("message.create", "clientMsgId", own);
            daveOnB.awaitData("message.create", "clientMsgId", own);
            erinOnA.awaitData("message.create", "clientMsgId", own);
            assertThat(daveOnC.frames("message.create")).as("not to the sending session").noneMatch(f -> f.get("data").get("clientMsgId").asString().equals(own));
            daveOnC.close();
        }
        // c left: the partitions it took are back with a and b.
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<Integer> routed = new HashSet<>(a.bean(PartitionLeases.class).held());
            routed.addAll(b.bean(PartitionLeases.class).held());
            assertThat(routed).containsExactlyInAnyOrder(0, 1, 2);
        });
    }

    @Test
    @Order(4)
    void aRoomJoinOnOneNodeTakesEffectForRoutingOnEveryNode() {
        String room = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
        Account frank = a.api().register("frank");
        Account gina = a.api().register("gina");
        Account hank = a.api().register("hank");
        WsClient frankOnA = connect(a, frank);
        WsClient ginaOnB = connect(b, gina);
        WsClient hankOnA = connect(a, hank);
        joinRoom(frankOnA, room);
        // The routers of both nodes have the member set cached from now on.
        String first = newId();
        frankOnA.send(toRoom(first, room, "before gina"));
        frankOnA.awaitData("message.ack", "clientMsgId", first);
        joinRoom(ginaOnB, room);
        joinRoom(hankOnA, room);
        for (int i = 0; i < 5; i++) {
            String id = newId();
            frankOnA.send(toRoom(id, room, "after the joins " + i));
            ginaOnB.awaitData("message.create", "clientMsgId", id);
            hankOnA.awaitData("message.create", "clientMsgId", id);
        }
        assertThat(ginaOnB.frames("message.create")).extracting(f -> f.get("data").get("clientMsgId").asString()).doesNotContain(first);
    }

    @Test
    @Order(5)
    void typingReachesTheOtherNode() {
        Account ivy = a.api().register("ivy");
        Account jack = a.api().register("jack");
        WsClient ivyOnA = connect(a, ivy);
        WsClient jackOnB = connect(b, jack);
        String id = newId();
        ivyOnA.send(dm(id, jack.username(), "hi"));
        String conversation = ivyOnA.awaitData("message.ack", "clientMsgId", id).get("data").get("conversationId").asString();
        jackOnB.awaitData("message.create", "clientMsgId", id);
        ivyOnA.send(Map.of("type", "typing", "conversationId", conversation));
        assertThat(jackOnB.awaitType("typing").get("data").get("username").asString()).isEqualTo(ivy.username());
    }

    @Test
    @Order(6)
    void aResumeOnTheOtherNodeFindsWhatWasSentMeanwhile() {
        Account kim = a.api().register("kim");
        Account lee = a.api().register("lee");
        WsClient kimOnA = connect(a, kim);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = newId();
            kimOnA.send(dm(id, lee.username(), "while lee is away " + i));
            kimOnA.awaitData("message.ack", "clientMsgId", id);
            sent.add(id);
        }
        WsClient leeOnB = track(WsClient.connectResuming(b.port(), lee.token()));
        leeOnB.send(Map.of("type", "resume", "positions", Map.of()));
        leeOnB.awaitType("resume.done");
        assertThat(leeOnB.frames("message.create")).extracting(f -> f.get("data").get("clientMsgId").asString())
                .containsExactlyElementsOf(sent);
        String live = newId();
        kimOnA.send(dm(live, lee.username(), "live again"));
        leeOnB.awaitData("message.create", "clientMsgId", live);
    }

    @Test
    @Order(6)
    void presenceCrossesNodesIsDebouncedAndAnsweredOverRest() {
        Account pia = a.api().register("pia");
        Account quin = a.api().register("quin");
        WsClient piaOnA = connect(a, pia);
        WsClient quinOnB = track(WsClient.connect(b.port(), quin.token()));
        String id = newId();
        piaOnA.send(dm(id, quin.username(), "partners now"));
        quinOnB.awaitData("message.create", "clientMsgId", id);
        Awaitility.await().atMost(Duration.ofSeconds(20)) // presence goes to partners the archive knows of
                .until(() -> a.api().get("/api/v1/conversations", pia.token()).body().get("conversations").size() == 1);
        assertThat(presence(pia, quin).get("online").asBoolean()).isTrue();

        quinOnB.dropConnection();
        // Back within the debounce, on the other node: never reported offline (that node may report "online" again).
        WsClient back = track(WsClient.connect(a.port(), quin.token()));
        Awaitility.await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(9))
                .until(() -> piaOnA.frames("presence").stream().allMatch(f -> f.get("data").get("online").asBoolean()));
        int before = piaOnA.frames("presence").size();

        back.close();
        JsonNode offline = piaOnA.await(f -> "presence".equals(f.path("type").asString())
                && !f.get("data").get("online").asBoolean()).get("data");
        assertThat(offline.get("userId").asString()).isEqualTo(quin.id().toString());
        assertThat(offline.get("online").asBoolean()).isFalse();
        assertThat(offline.get("lastSeen").isNull()).isFalse();
        JsonNode rest = presence(pia, quin);
        assertThat(rest.get("online").asBoolean()).isFalse();
        assertThat(rest.get("lastSeen").asString()).isEqualTo(offline.get("lastSeen").asString());

        track(WsClient.connect(b.port(), quin.token()));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> piaOnA.frames("presence").size() == before + 2);
        assertThat(piaOnA.frames("presence").getLast().get("data").get("online").asBoolean()).isTrue();
        assertThat(presence(pia, quin).get("online").asBoolean()).isTrue();
        assertThat(a.api().get("/api/v1/presence?users=", pia.token()).status()).isEqualTo(400);
    }

    private JsonNode presence(Account asking, Account about) {
        TestApi.Response response = b.api().get("/api/v1/presence?users=" + about.username(), asking.token());
        assertThat(response.status()).isEqualTo(200);
        return response.body().get("presence").get(0);
    }

    @Test
    @Order(7)
    void anArchiverOnlyNodeServesNoClientsAndRoutesNothingButShareTheArchive() {
        Map<String, String> settings = new java.util.HashMap<>(node("c", kafka, database, prefix));
        settings.put("parley.roles", "archiver");
        try (ParleyNode c = ParleyNode.start(TestDirs.fresh("cluster-c"), settings)) {
            assertThat(c.beanNames(PartitionLeases.class)).as("no router leases on an archiver").isEmpty();
            TestApi.Response refused = c.api().post("/api/v1/auth/login", Map.of("username", "x", "password", "y"));
            assertThat(refused.status()).isEqualTo(404);
            assertThat(refused.body().get("code").asString()).isEqualTo("not_a_gateway");
            assertThat(c.api().get("/health", null).status()).isEqualTo(200);
            assertThat(WsClient.attempt(java.net.URI.create("ws://127.0.0.1:" + c.port() + "/ws?token=" + a.api().register("zed").token()),
                    Map.of())).failsWithin(Duration.ofSeconds(10));
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Set<Integer> routed = new HashSet<>(a.bean(PartitionLeases.class).held());
                routed.addAll(b.bean(PartitionLeases.class).held());
                assertThat(routed).as("routing stays with a and b").containsExactlyInAnyOrder(0, 1, 2);
            });
        }
    }

    @Test
    @Order(8)
    void aNodeThatLeavesHandsItsPartitionsOverAndRoutingGoesOn() throws Exception {
        Account mia = a.api().register("mia");
        Account ned = a.api().register("ned");
        WsClient miaOnA = connect(a, mia);
        WsClient nedOnA = connect(a, ned);
        stopBWhileMiaWritesToAClientOfIt(mia, miaOnA);
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(a.bean(PartitionLeases.class).held()).containsExactlyInAnyOrder(0, 1, 2));
        // Conversations on every partition: each needs a router on A now.
        for (int i = 0; i < 9; i++) {
            Account other = a.api().register("peer" + i);
            WsClient peer = connect(a, other);
            String id = newId();
            miaOnA.send(dm(id, other.username(), "after b left " + i));
            miaOnA.awaitData("message.ack", "clientMsgId", id);
            peer.awaitData("message.create", "clientMsgId", id);
        }
        String id = newId();
        miaOnA.send(dm(id, ned.username(), "still here"));
        nedOnA.awaitData("message.create", "clientMsgId", id);
    }

    @Test
    @Order(9)
    @SuppressWarnings("unchecked")
    void theDeliveryTopicOfANodeGoneForTheGracePeriodIsDeleted() throws Exception {
        org.apache.kafka.clients.admin.Admin admin = a.bean(org.apache.kafka.clients.admin.Admin.class);
        String ghost = NodeTopics.name("ghost-" + UUID.randomUUID().toString().substring(0, 8));
        admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(ghost, 1, (short) 1))).all().get();
        var redis = (io.lettuce.core.api.StatefulRedisConnection<String, String>) a.bean(io.lettuce.core.api.StatefulRedisConnection.class);
        dev.parley.system.ClusterSettings settings = a.bean(dev.parley.system.ClusterSettings.class);
        NodeTopicJanitor janitor = new NodeTopicJanitor(admin, redis.async(), settings, Duration.ZERO);
        assertThat(janitor.sweep()).as("the ghost, and b and c (stopped by the tests before)").contains(ghost)
                .doesNotContain(NodeTopics.name(settings.nodeId()));
        // Deleted topics leave the brokers' metadata a moment after the deletion is acknowledged.
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(admin.listTopics().names().get()).doesNotContain(ghost).contains(NodeTopics.name(settings.nodeId())));
    }

    /**
     * b drains while mia (on a) writes to oli (on b): oli's session is closed with 1001 and the
     * reason to reconnect; resuming on a from what it got on b, oli gets every acked message once, in order.
     */
    private void stopBWhileMiaWritesToAClientOfIt(Account mia, WsClient miaOnA) throws Exception {
        Account oli = a.api().register("oli");
        WsClient oliOnB = connect(b, oli);
        List<String> acked = new java.util.concurrent.CopyOnWriteArrayList<>();
        String[] conversation = new String[1];
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; writing.get(); i++) {
                String id = newId();
                miaOnA.send(dm(id, oli.username(), "while b stops " + i));
                conversation[0] = miaOnA.awaitData("message.ack", "clientMsgId", id).get("data").get("conversationId").asString();
                acked.add(id);
            }
        });
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> oliOnB.frames("message.create").size() >= 3);
        b.close();
        b = null;
        assertThat(oliOnB.closed().get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1001);
        assertThat(oliOnB.closeReason()).isEqualTo("server shutting down; reconnect and resume");
        writing.set(false);
        writer.join(30_000);
        List<Long> seenOnB = oliOnB.seqs(conversation[0]);
        WsClient oliOnA = track(WsClient.connectResuming(a.port(), oli.token()));
        oliOnA.send(Map.of("type", "resume", "positions", Map.of(conversation[0], seenOnB.getLast())));
        oliOnA.awaitType("resume.done");
        List<String> received = new ArrayList<>();
        for (WsClient session : List.of(oliOnB, oliOnA)) {
            session.frames("message.create").forEach(f -> received.add(f.get("data").get("clientMsgId").asString()));
        }
        assertThat(received).as("live on b, then resumed on a").containsExactlyElementsOf(acked);
    }

    private void joinRoom(WsClient client, String room) {
        client.send(join(room));
        client.awaitData("room.joined", "room", room);
    }

    /** Connected the documented way (resume=1, then a resume): live once the registry knows the session. */
    private WsClient connect(ParleyNode node, Account account) {
        WsClient client = track(WsClient.connectResuming(node.port(), account.token()));
        client.send(Map.of("type", "resume", "positions", Map.of()));
        client.awaitType("resume.done");
        return client;
    }

    private WsClient track(WsClient client) {
        clients.add(client);
        return client;
    }
}
