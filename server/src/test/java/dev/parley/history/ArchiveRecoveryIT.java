package dev.parley.history;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.newId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.parley.log.MessageTopic;
import dev.parley.support.ParleyNode;
import dev.parley.support.Postgres;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.TestDirs;
import dev.parley.support.WsClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.MessageListenerContainer;

/** The archive neither duplicates on replay nor loses anything while its database is away (PostgreSQL). */
class ArchiveRecoveryIT {

    private static String database;
    private static ParleyNode node;
    private static TestApi api;

    @BeforeAll
    static void start() {
        database = Postgres.freshDatabaseName("recovery");
        node = ParleyNode.start(TestDirs.fresh("recovery"), Map.of(
                "parley.database.url", Postgres.url(database),
                "parley.database.username", Postgres.USER,
                "parley.database.password", Postgres.PASSWORD,
                "spring.datasource.hikari.connection-timeout", "2000"));
        api = node.api();
    }

    @AfterAll
    static void stop() {
        Postgres.setAvailable(database, true);
        node.close();
    }

    @Test
    void replayingTheWholeLogIntoTheArchiveCreatesNoDuplicatesAndDeliversNothingTwice() throws Exception {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        String conversation = Conversations.direct(alice.id(), bob.id());
        try (WsClient a = WsClient.connect(api.port(), alice.token()); WsClient b = WsClient.connect(api.port(), bob.token())) {
            List<Long> seqs = HistoryContract.send(a, 10, id -> dm(id, bob.username(), "before replay"));
            b.await(f -> "message.create".equals(f.path("type").asString()) && f.get("data").get("seq").asLong() == seqs.getLast());

            MessageListenerContainer archive = node.bean(MessageListenerContainer.class);
            archive.stop();
            // Acked into the log while the archive is stopped: the replay's batch mixes 10 archived ids and this new one.
            String whileStopped = newId();
            a.send(dm(whileStopped, bob.username(), "while the archive is stopped"));
            a.awaitData("message.ack", "clientMsgId", whileStopped);
            Admin admin = node.bean(Admin.class);
            MessageTopic topic = node.bean(MessageTopic.class);
            Map<TopicPartition, OffsetAndMetadata> beginning = new HashMap<>();
            for (int p = 0; p < topic.partitions(); p++) {
                beginning.put(new TopicPartition(topic.name(), p), new OffsetAndMetadata(0));
            }
            admin.alterConsumerGroupOffsets("parley-archive", beginning).all().get();
            archive.start();
            awaitArchiveCaughtUp(admin, topic);

            String after = newId();
            a.send(dm(after, bob.username(), "after replay"));
            b.awaitData("message.create", "clientMsgId", after);
            b.awaitData("message.create", "clientMsgId", whileStopped);
            assertThat(b.seqs(conversation)).hasSize(12).doesNotHaveDuplicates();
            assertThat(HistoryContract.seqsOf(api.get("/api/v1/conversations/" + conversation + "/messages", bob.token()).body()))
                    .hasSize(12).doesNotHaveDuplicates();
        }
    }

    @Test
    void messagesAckedWhileTheDatabaseIsAwayAreArchivedAndDeliveredWhenItReturns() {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        String conversation = Conversations.direct(alice.id(), bob.id());
        try (WsClient a = WsClient.connect(api.port(), alice.token()); WsClient b = WsClient.connect(api.port(), bob.token())) {
            List<Long> before = HistoryContract.send(a, 1, id -> dm(id, bob.username(), "warm-up"));
            b.awaitData("message.create", "conversationId", conversation);

            Postgres.setAvailable(database, false);
            List<Long> during;
            try {
                during = HistoryContract.send(a, 5, id -> dm(id, bob.username(), "while the database is away"));
            } finally {
                Postgres.setAvailable(database, true);
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> b.seqs(conversation).size() == 6);
            assertThat(b.seqs(conversation)).containsExactly(before.getFirst(), during.get(0), during.get(1), during.get(2), during.get(3), during.get(4));
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(HistoryContract.seqsOf(
                    api.get("/api/v1/conversations/" + conversation + "/messages", bob.token()).body())).hasSize(6));
        }
    }

    private static void awaitArchiveCaughtUp(Admin admin, MessageTopic topic) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("parley-archive")
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            return committed.size() == topic.partitions()
                    && committed.entrySet().stream().allMatch(e -> e.getValue().offset() >= ends.get(e.getKey()).offset())
                    && committed.values().stream().anyMatch(o -> o.offset() > 0);
        });
    }
}
