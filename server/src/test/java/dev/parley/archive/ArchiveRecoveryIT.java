package dev.parley.archive;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.newId;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.parley.conversations.Conversations;
import dev.parley.log.KafkaBootstrap;
import dev.parley.log.MessageTopic;
import dev.parley.support.ParleyNode;
import dev.parley.support.Postgres;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.TestDirs;
import dev.parley.support.WsClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The archive is a view of the log that may lag (PostgreSQL): live delivery does not wait for it,
 * it catches up after its database was away, a record written to the log twice is delivered and
 * archived once, a record the database refuses goes to dead letters without stalling anything, and
 * a replay of the whole log into the archive adds nothing.
 */
class ArchiveRecoveryIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> SETTINGS = Map.of(
            "parley.database.username", Postgres.USER,
            "parley.database.password", Postgres.PASSWORD);

    private static String database;
    private static Path dataDir;
    private static ParleyNode node;
    private static TestApi api;

    @BeforeAll
    static void start() {
        database = Postgres.freshDatabaseName("recovery");
        dataDir = TestDirs.fresh("recovery");
        node = startNode();
        api = node.api();
    }

    private static ParleyNode startNode() {
        Map<String, String> settings = new java.util.HashMap<>(SETTINGS);
        settings.put("parley.database.url", Postgres.url(database));
        return ParleyNode.start(dataDir, settings);
    }

    /** A test that took the database away leaves the archive catching up (and sends refused past its bound): wait for it. */
    @BeforeEach
    void archiveCaughtUp() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode archive = health().get("components").get("archive");
            assertThat(archive.get("status").asString()).isEqualTo("UP");
            assertThat(archive.get("lagMessages").asLong()).isZero();
        });
    }

    @AfterAll
    static void stop() {
        Postgres.setAvailable(database, true);
        node.close();
    }

    @Test
    void whileTheDatabaseIsAwayMessagesAreStillDeliveredLiveAndTheArchiveCatchesUpAfter() {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        String conversation = Conversations.direct(alice.id(), bob.id());
        try (WsClient a = WsClient.connect(api.port(), alice.token()); WsClient b = WsClient.connect(api.port(), bob.token())) {
            String warmUp = newId();
            a.send(dm(warmUp, bob.username(), "warm-up"));
            b.awaitData("message.create", "clientMsgId", warmUp);

            Postgres.setAvailable(database, false);
            try {
                // A frame that needs the database fails fast with a typed error, and frames after it are not stuck behind it.
                long asked = System.nanoTime();
                a.send(Map.of("type", "history.get", "requestId", "h1", "conversationId", conversation));
                String behind = newId();
                a.send(dm(behind, bob.username(), "sent right after a history request"));
                JsonNode error = a.awaitData("error", "ref", "h1").get("data");
                assertThat(error.get("code").asString()).isEqualTo("database_unavailable");
                b.awaitData("message.create", "clientMsgId", behind);
                assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(10));
                for (int i = 0; i < 4; i++) {
                    String id = newId();
                    a.send(dm(id, bob.username(), "while the database is away " + i));
                    b.awaitData("message.create", "clientMsgId", id); // live, not behind the archive
                }
                Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    JsonNode archive = health().get("components").get("archive");
                    assertThat(archive.get("status").asString()).isEqualTo("DEGRADED");
                    assertThat(archive.get("lagMessages").asLong()).isPositive();
                });
            } finally {
                Postgres.setAvailable(database, true);
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                // The first requests after the database is back may still be refused (503): those are retried too.
                JsonNode page = api.get("/api/v1/conversations/" + conversation + "/messages", bob.token()).body();
                assertThat(page.get("messages")).as("history page: %s", page).isNotNull();
                assertThat(seqs(page)).hasSize(6);
            });
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(health().get("components").get("archive").get("status").asString()).isEqualTo("UP"));
            assertThat(b.seqs(conversation)).hasSize(6).doesNotHaveDuplicates().isSorted();
        }
    }

    @Test
    void aMessageWrittenToTheLogTwiceIsDeliveredAndArchivedOnce() throws Exception {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        String conversation = Conversations.direct(alice.id(), bob.id());
        try (WsClient b = WsClient.connect(api.port(), bob.token())) {
            UUID id = UUID.randomUUID();
            // What a retry on another node (or after the sender's cache expired) does: the same serverMsgId again.
            produce(conversation, record(id, alice, bob, conversation, "once"));
            produce(conversation, record(id, alice, bob, conversation, "once"));
            String after = newId();
            try (WsClient a = WsClient.connect(api.port(), alice.token())) {
                a.send(dm(after, bob.username(), "after the copies"));
                b.awaitData("message.create", "clientMsgId", after);
            }
            assertThat(b.frames("message.create")).filteredOn(f -> f.get("data").get("serverMsgId").asString().equals(id.toString())).hasSize(1);
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    seqs(api.get("/api/v1/conversations/" + conversation + "/messages", bob.token()).body())).hasSize(2));
        }
    }

    @Test
    void aRecordTheDatabaseRefusesGoesToDeadLettersAndNothingElseStalls() throws Exception {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        String conversation = Conversations.direct(alice.id(), bob.id());
        long deadBefore = health().get("components").get("archive").get("deadLettersSinceStart").asLong();
        UUID poisoned = UUID.randomUUID();
        // Sends with NUL are refused at the door; another producer's record with one reaches the archive anyway.
        produce(conversation, record(poisoned, alice, bob, conversation, "nul \u0000 inside"));
        try (WsClient a = WsClient.connect(api.port(), alice.token()); WsClient b = WsClient.connect(api.port(), bob.token())) {
            List<String> ids = List.of(newId(), newId(), newId());
            for (String id : ids) {
                a.send(dm(id, bob.username(), "after the poisoned record"));
            }
            b.awaitData("message.create", "clientMsgId", ids.getLast());
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                seqs(api.get("/api/v1/conversations/" + conversation + "/messages", bob.token()).body())).hasSize(3));
        assertThat(health().get("components").get("archive").get("deadLettersSinceStart").asLong()).isEqualTo(deadBefore + 1);
        try (Connection c = DriverManager.getConnection(Postgres.url(database), Postgres.USER, Postgres.PASSWORD);
             var rs = c.createStatement().executeQuery("SELECT reason FROM dead_letters WHERE server_msg_id = '" + poisoned + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isNotBlank();
        }
    }

    @Test
    void replayingTheWholeLogIntoTheArchiveAddsNothing() throws Exception {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        String conversation = Conversations.direct(alice.id(), bob.id());
        try (WsClient a = WsClient.connect(api.port(), alice.token()); WsClient b = WsClient.connect(api.port(), bob.token())) {
            for (int i = 0; i < 10; i++) {
                String id = newId();
                a.send(dm(id, bob.username(), "before the replay " + i));
                a.awaitData("message.ack", "clientMsgId", id);
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                seqs(api.get("/api/v1/conversations/" + conversation + "/messages", bob.token()).body())).hasSize(10));
        node.close();
        try (Connection c = DriverManager.getConnection(Postgres.url(database), Postgres.USER, Postgres.PASSWORD)) {
            c.createStatement().execute("UPDATE archive_positions SET next_offset = 0");
        }
        node = startNode();
        api = node.api();
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode archive = health().get("components").get("archive");
            assertThat(archive.get("lagMessages").asLong()).isZero();
            assertThat(archive.get("status").asString()).isEqualTo("UP");
        });
        assertThat(seqs(api.get("/api/v1/conversations/" + conversation + "/messages", bob.token()).body()))
                .hasSize(10).doesNotHaveDuplicates();
    }

    private static JsonNode health() {
        return api.get("/health", null).body();
    }

    private static List<Long> seqs(JsonNode page) {
        return page.get("messages").valueStream().map(m -> m.get("seq").asLong()).toList();
    }

    private static byte[] record(UUID id, Account from, Account to, String conversation, String content) {
        return JSON.writeValueAsString(Map.ofEntries(Map.entry("v", 1), Map.entry("serverMsgId", id.toString()),
                Map.entry("clientMsgId", "raw-" + id), Map.entry("conversationId", conversation), Map.entry("from", from.id().toString()),
                Map.entry("fromUsername", from.username()), Map.entry("to", to.id().toString()), Map.entry("toUsername", to.username()),
                Map.entry("content", content), Map.entry("sentAt", Instant.now().toString()))).getBytes(StandardCharsets.UTF_8);
    }

    private static void produce(String key, byte[] value) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bean(KafkaBootstrap.class).servers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(node.bean(MessageTopic.class).name(), key, value)).get();
        }
    }
}
