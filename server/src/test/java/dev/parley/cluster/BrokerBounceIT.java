package dev.parley.cluster;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.newId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.parley.conversations.Conversations;
import dev.parley.log.LogReader;
import dev.parley.log.TestKafkaCluster;
import dev.parley.support.ParleyNode;
import dev.parley.support.Postgres;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.TestDirs;
import dev.parley.support.WsClient;
import org.apache.kafka.common.TopicPartitionInfo;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two cluster nodes on a three-broker Kafka cluster whose message log has three replicas and
 * min.insync.replicas=2: one broker (a partition leader) stops and starts again while messages
 * flow both ways between the nodes. Sends go on being acked while it is down, and every acked
 * message reaches its recipient (live, or on resume) and history exactly once, in order.
 */
class BrokerBounceIT {

    private static final String REDIS = System.getenv().getOrDefault("PARLEY_TEST_REDIS_URL", "redis://127.0.0.1:6379/0");
    private static final String TOPIC = "parley.messages";
    /** Refusals a client is told to retry with the same clientMsgId; any other error fails the test. */
    private static final Set<String> RETRYABLE = Set.of("not_stored", "overloaded");
    private static final Duration PACE = Duration.ofMillis(50);
    private static final int ACKS_PER_PHASE = 5;

    private static TestKafkaCluster kafka;
    private static ParleyNode a;
    private static ParleyNode b;

    enum Phase { BEFORE, DOWN, BACK }

    record Ack(String clientMsgId, long seq, boolean whileDown) {

        /** The message and where the log has it: a second copy written by a retry would have another seq. */
        String key() {
            return clientMsgId + "@" + seq;
        }

        static String key(JsonNode message) {
            return message.get("clientMsgId").asString() + "@" + message.get("seq").asLong();
        }
    }

    /** A sender's session in one conversation with a recipient on the other node; the recipient's sessions in the order they were opened. */
    record Pair(WsClient from, Account to, ParleyNode toNode, String conversationId, List<WsClient> sessions, List<Ack> acked) {

        List<String> received() {
            return sessions.stream().flatMap(s -> s.frames("message.create").stream()).map(f -> f.get("data"))
                    .filter(m -> conversationId.equals(m.get("conversationId").asString())).map(Ack::key).toList();
        }

        long acks(Predicate<Ack> which) {
            return acked.stream().filter(which).count();
        }
    }

    private volatile Phase phase = Phase.BEFORE;
    private volatile boolean sending = true;
    private final Map<String, Integer> refusals = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        kafka = TestKafkaCluster.start(TestDirs.fresh("bounce-kafka"), 3);
        String database = Postgres.freshDatabase("bounce");
        String prefix = "parley-test-" + UUID.randomUUID().toString().substring(0, 8);
        a = ParleyNode.start(TestDirs.fresh("bounce-a"), node("a", database, prefix));
        b = ParleyNode.start(TestDirs.fresh("bounce-b"), node("b", database, prefix));
    }

    private static Map<String, String> node(String name, String database, String prefix) {
        Map<String, String> settings = new HashMap<>(ClusterIT.node(name, kafka.bootstrapServers(), database, prefix));
        settings.put("parley.kafka.replication-factor", "3");
        settings.put("parley.kafka.min-insync-replicas", "2");
        return settings;
    }

    @AfterAll
    static void stop() throws Exception {
        // In parallel: closing a node takes ~15 s, Reactor Netty's shutdown timeout, as EventLoopLag keeps its event loops
        // from falling quiet until after they were told to stop.
        CompletableFuture.allOf(Stream.of(a, b).filter(Objects::nonNull)
                .map(node -> CompletableFuture.runAsync(node::close, Thread.ofPlatform()::start)) // the common pool may have one thread
                .toArray(CompletableFuture[]::new)).join();
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void ackedMessagesSurviveABrokerStoppedAndStartedMidStream() throws Exception {
        List<TopicPartitionInfo> partitions = kafka.partitions(TOPIC);
        assertThat(partitions).allSatisfy(p -> {
            assertThat(p.replicas()).hasSize(3);
            assertThat(p.isr()).hasSize(3);
        });
        assertThat(kafka.topicConfig(TOPIC, "min.insync.replicas")).isEqualTo("2");
        // The broker leading the most partitions: stopping it moves leaderships, not just a follower.
        int victim = partitions.stream().collect(Collectors.groupingBy(p -> p.leader().id(), Collectors.counting()))
                .entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();

        List<Pair> pairs = new ArrayList<>();
        pairs.addAll(pairsOnEveryPartition(a, b));
        pairs.addAll(pairsOnEveryPartition(b, a));
        List<Pair> away = List.of(pairs.get(1), pairs.get(3), pairs.get(5)); // offline during the bounce, back by resume
        ExecutorService threads = Executors.newFixedThreadPool(pairs.size());
        List<Future<?>> senders = pairs.stream().<Future<?>>map(p -> threads.submit(() -> sendUntilStopped(p))).toList();
        try {
            awaitAcks(senders, pairs, "before the bounce", ack -> true);
            away.forEach(p -> p.sessions().getFirst().close());

            long stoppedAt = System.nanoTime();
            kafka.stopBroker(victim);
            phase = Phase.DOWN;
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kafka.partitions(TOPIC))
                    .as("leaders moved off broker %d, two replicas in sync", victim)
                    .allSatisfy(p -> {
                        assertThat(p.leader().id()).isNotEqualTo(victim);
                        assertThat(p.isr()).hasSize(2);
                    }));
            awaitAcks(senders, pairs, "with broker " + victim + " down", Ack::whileDown);

            long downMillis = (System.nanoTime() - stoppedAt) / 1_000_000;
            phase = Phase.BACK; // acks from here on do not count as "while down", even before the broker serves again
            long restartAt = System.nanoTime();
            kafka.startBroker(victim);
            long restartMillis = (System.nanoTime() - restartAt) / 1_000_000;
            for (Pair p : away) {
                long position = p.sessions().getFirst().seqs(p.conversationId()).stream().mapToLong(Long::longValue).max().orElse(-1);
                p.sessions().add(connect(p.toNode(), p.to(), Map.of(p.conversationId(), position)));
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(kafka.partitions(TOPIC))
                    .as("broker %d back in every ISR", victim).allSatisfy(p -> assertThat(p.isr()).hasSize(3)));
            kafka.electPreferredLeaders(TOPIC); // a second leadership change mid-stream, back to the restarted broker
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kafka.partitions(TOPIC))
                    .as("broker %d leads again", victim).anySatisfy(p -> assertThat(p.leader().id()).isEqualTo(victim)));
            awaitAcks(senders, pairs, "after the restart", ack -> true);

            sending = false;
            for (Future<?> sender : senders) {
                sender.get(60, TimeUnit.SECONDS); // rethrows what failed a sender
            }
            System.out.printf("broker bounce: %d acked, %d of them while broker %d was down (%d ms; its restart took %d ms), refusals %s%n",
                    pairs.stream().mapToLong(p -> p.acked().size()).sum(), pairs.stream().mapToLong(p -> p.acks(Ack::whileDown)).sum(),
                    victim, downMillis, restartMillis, refusals);
        } finally {
            sending = false;
            threads.shutdownNow();
        }

        for (Pair p : pairs) {
            List<String> acked = p.acked().stream().map(Ack::key).toList();
            assertThat(p.acked()).extracting(Ack::seq).as("acks of one sender: seqs ascending, once each").isSorted().doesNotHaveDuplicates();
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(p.received())
                    .as("%s got every acked message once, in order (live, or on resume)", p.to().username()).containsExactlyElementsOf(acked));
            assertThat(history(p)).as("history of %s", p.conversationId()).containsExactlyElementsOf(acked);
            p.from().close();
            p.sessions().forEach(WsClient::close);
        }
    }

    /** A conversation on every log partition: one sender on {@code from} (a session per conversation), recipients on {@code to}. */
    private static List<Pair> pairsOnEveryPartition(ParleyNode from, ParleyNode to) {
        LogReader log = from.bean(LogReader.class);
        Account sender = from.api().register("sender");
        Map<Integer, Pair> pairs = new TreeMap<>();
        for (int tries = 0; pairs.size() < 3 && tries < 60; tries++) {
            Account recipient = from.api().register("recipient");
            String conversation = Conversations.direct(sender.id(), recipient.id());
            if (!pairs.containsKey(log.partitionOf(conversation))) {
                pairs.put(log.partitionOf(conversation), new Pair(WsClient.connect(from.port(), sender.token()), recipient, to,
                        conversation, new CopyOnWriteArrayList<>(List.of(connect(to, recipient, Map.of()))),
                        new CopyOnWriteArrayList<>()));
            }
        }
        assertThat(pairs).as("conversations on every partition").hasSize(3);
        return List.copyOf(pairs.values());
    }

    /**
     * Connects as the protocol tells a client to on every (re)connect: with a resume, done once the user is registered
     * on every node. A plain connection is not: a message routed in between reaches it only by a later resume.
     */
    private static WsClient connect(ParleyNode node, Account user, Map<String, Long> positions) {
        WsClient client = WsClient.connectResuming(node.port(), user.token());
        client.send(Map.of("type", "resume", "positions", positions));
        JsonNode answer = client.await(f -> Set.of("resume.done", "error").contains(f.path("type").asString()));
        assertThat(answer.get("type").asString()).as("resume of %s: %s", user.username(), answer).isEqualTo("resume.done");
        return client;
    }

    /** Sends one message after another, each retried with its clientMsgId until acked, as a client should. */
    private void sendUntilStopped(Pair p) {
        for (int i = 0; sending; i++) {
            String id = newId();
            Phase sentIn = phase;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            JsonNode ack = null;
            while (ack == null) {
                assertThat(System.nanoTime()).as("message %s acked within 60 s", id).isLessThan(deadline);
                int refusedBefore = errors(p.from(), id).size();
                p.from().send(dm(id, p.to().username(), "message " + i));
                JsonNode answer = poll().until(() -> answer(p.from(), id, refusedBefore), f -> f != null);
                if ("message.ack".equals(answer.get("type").asString())) {
                    ack = answer.get("data");
                } else {
                    String code = answer.get("data").get("code").asString();
                    assertThat(code).as("refusal of %s: %s", id, answer).isIn(RETRYABLE);
                    refusals.merge(code, 1, Integer::sum);
                    pause(Duration.ofMillis(Math.max(100, answer.get("data").path("retryAfterMs").asLong(0))));
                }
            }
            p.acked().add(new Ack(id, ack.get("seq").asLong(), sentIn == Phase.DOWN && phase == Phase.DOWN));
            pause(PACE);
        }
    }

    private static JsonNode answer(WsClient client, String id, int refusedBefore) {
        for (JsonNode ack : client.frames("message.ack")) {
            if (id.equals(ack.get("data").get("clientMsgId").asString())) {
                return ack;
            }
        }
        List<JsonNode> refused = errors(client, id);
        return refused.size() > refusedBefore ? refused.getLast() : null;
    }

    private static List<JsonNode> errors(WsClient client, String id) {
        return client.frames("error").stream().filter(f -> id.equals(f.get("data").path("ref").asString())).toList();
    }

    /** Waits until every pair has {@value #ACKS_PER_PHASE} more acks of the kind asked; a sender that failed fails the wait at once. */
    private static void awaitAcks(List<Future<?>> senders, List<Pair> pairs, String when, Predicate<Ack> which) {
        List<Long> start = pairs.stream().map(p -> p.acks(which)).toList();
        Awaitility.await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            for (Future<?> sender : senders) {
                if (sender.isDone()) {
                    sender.get();
                }
            }
            for (int i = 0; i < pairs.size(); i++) {
                assertThat(pairs.get(i).acks(which) - start.get(i))
                        .as("acks of pair %d %s", i, when).isGreaterThanOrEqualTo(ACKS_PER_PHASE);
            }
        });
    }

    /** The conversation's history as its recipient reads it over REST, oldest first, page by page. */
    private static List<String> history(Pair p) {
        List<String> messages = new ArrayList<>();
        long after = -1;
        while (true) {
            TestApi.Response page = p.toNode().api().get("/api/v1/conversations/" + p.conversationId() + "/messages?limit=200&after=" + after,
                    p.to().token());
            assertThat(page.status()).as("history page: %s", page).isEqualTo(200);
            page.body().get("messages").forEach(m -> messages.add(Ack.key(m)));
            if (page.body().get("newerAfter").isNull()) {
                return messages;
            }
            after = page.body().get("newerAfter").asLong();
        }
    }

    private static ConditionFactory poll() {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10));
    }

    /** Paces a sender (and backs off after a refusal): a steady stream, not a flood on two cores. */
    private static void pause(Duration duration) {
        LockSupport.parkNanos(duration.toNanos());
    }
}
