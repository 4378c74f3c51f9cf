package dev.parley.messaging;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.join;
import static dev.parley.support.Frames.newId;
import static dev.parley.support.Frames.toRoom;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import dev.parley.conversations.Conversations;
import dev.parley.log.KafkaBootstrap;
import dev.parley.log.MessageTopic;
import dev.parley.rooms.RoomName;
import dev.parley.rooms.Rooms;
import dev.parley.support.Json;
import dev.parley.support.NodeContract;
import dev.parley.support.ParleyNode;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.WsClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * The messaging behaviour every database back end must give, end to end: real HTTP and WebSocket
 * clients, a real broker, a real database. Subclasses say which database.
 */
abstract class MessagingContract extends NodeContract {

    @Test
    void directMessageReachesEveryRecipientSessionAndTheSendersOtherSessions() {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        WsClient aliceSending = connect(alice);
        WsClient aliceOther = connect(alice);
        List<WsClient> bobSessions = List.of(connect(bob), connect(bob), connect(bob));

        String first = newId();
        aliceSending.send(dm(first, bob.username(), "hello bob"));
        JsonNode ack = aliceSending.awaitData("message.ack", "clientMsgId", first).get("data");
        String conversation = ack.get("conversationId").asString();
        assertThat(conversation).isEqualTo(Conversations.direct(alice.id(), bob.id()));

        for (WsClient session : bobSessions) {
            JsonNode created = session.awaitData("message.create", "clientMsgId", first).get("data");
            assertThat(created.get("content").asString()).isEqualTo("hello bob");
            assertThat(created.get("from").asString()).isEqualTo(alice.id().toString());
            assertThat(created.get("fromUsername").asString()).isEqualTo(alice.username());
            assertThat(created.get("to").asString()).isEqualTo(bob.id().toString());
            assertThat(created.get("serverMsgId").asString()).isEqualTo(ack.get("serverMsgId").asString());
            assertThat(created.get("seq").asLong()).isEqualTo(ack.get("seq").asLong());
            assertThat(created.get("conversationId").asString()).isEqualTo(conversation);
        }
        aliceOther.awaitData("message.create", "clientMsgId", first);

        // Bob answers in the same conversation; its events come after the first one in the same
        // partition, so once they arrive, a copy of the first message would have arrived too.
        String reply = newId();
        bobSessions.get(0).send(Map.of("type", "message.send", "clientMsgId", reply, "conversationId", conversation, "content", "hi alice"));
        JsonNode replyAck = bobSessions.get(0).awaitData("message.ack", "clientMsgId", reply).get("data");
        assertThat(replyAck.get("seq").asLong()).isGreaterThan(ack.get("seq").asLong());
        aliceSending.awaitData("message.create", "clientMsgId", reply);
        aliceOther.awaitData("message.create", "clientMsgId", reply);
        bobSessions.get(1).awaitData("message.create", "clientMsgId", reply);

        assertThat(aliceSending.frames("message.create")).extracting(f -> f.get("data").get("clientMsgId").asString())
                .containsExactly(reply);
        assertThat(bobSessions.get(0).frames("message.create")).extracting(f -> f.get("data").get("clientMsgId").asString())
                .containsExactly(first);
        assertThat(bobSessions.get(0).frames("message.ack")).hasSize(1);
    }

    @Test
    void roomMessagesReachEveryMemberAndOnlyMembers() {
        String room = TestApi.uniqueName("room");
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        Account carol = api.register("carol");
        Account dave = api.register("dave");
        WsClient a = connect(alice);
        WsClient b1 = connect(bob);
        WsClient b2 = connect(bob);
        WsClient c = connect(carol);
        WsClient d = connect(dave);
        a.send(join(room));
        assertThat(a.awaitType("room.joined").get("data").get("members").asInt()).isEqualTo(1);
        b1.send(join(room));
        b1.awaitType("room.joined");
        c.send(join(room));
        JsonNode joined = c.awaitType("room.joined").get("data");
        assertThat(joined.get("conversationId").asString()).isEqualTo("room:" + room);
        assertThat(joined.get("members").asInt()).isEqualTo(3);

        String first = newId();
        a.send(toRoom(first, room, "hello room"));
        a.awaitData("message.ack", "clientMsgId", first);
        for (WsClient member : List.of(b1, b2, c)) {
            JsonNode created = member.awaitData("message.create", "clientMsgId", first).get("data");
            assertThat(created.get("room").asString()).isEqualTo(room);
            assertThat(created.get("conversationId").asString()).isEqualTo("room:" + room);
        }

        String notAllowed = newId();
        d.send(toRoom(notAllowed, room, "let me in"));
        JsonNode error = d.awaitData("error", "ref", notAllowed).get("data");
        assertThat(error.get("code").asString()).isEqualTo("not_a_member");

        d.send(join(room));
        d.awaitType("room.joined");
        String second = newId();
        a.send(toRoom(second, room, "welcome dave"));
        d.awaitData("message.create", "clientMsgId", second);
        assertThat(d.frames("message.create")).extracting(f -> f.get("data").get("clientMsgId").asString()).containsExactly(second);

        b1.send(Map.of("type", "room.leave", "room", room));
        assertThat(b1.awaitType("room.left").get("data").get("members").asInt()).isEqualTo(3);
        String third = newId();
        b1.send(toRoom(third, room, "still here?"));
        assertThat(b1.awaitData("error", "ref", third).get("data").get("code").asString()).isEqualTo("not_a_member");
    }

    @Test
    void joinsRacingEachOtherAllReachTheMemberSetThatRoutesMessages() {
        // Concurrent joins once left the node's cached member set, which fan-out routes by, without some of them.
        JdbcClient jdbc = node().bean(JdbcClient.class);
        Rooms rooms = node().bean(Rooms.class);
        RoomName room = new RoomName(TestApi.uniqueName("crowd"));
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            UUID id = UUID.randomUUID();
            jdbc.sql("INSERT INTO users (id, username, password_hash, created_at) VALUES (?, ?, ?, ?)")
                    .params(id, "c" + id.toString().replace("-", "").substring(0, 24), "not-a-hash", OffsetDateTime.now(ZoneOffset.UTC))
                    .update();
            users.add(id);
        }
        rooms.membersNow(room); // cached (empty) before the joins, as for a room someone is already talking in
        Flux.fromIterable(users).flatMap(id -> rooms.join(room, id), 64).blockLast(Duration.ofSeconds(60));
        assertThat(rooms.membersNow(room)).containsExactlyInAnyOrderElementsOf(users);
    }

    @Test
    void aRetriedSendGetsTheSameAckAndIsDeliveredOnce() {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        WsClient a = connect(alice);
        WsClient b = connect(bob);

        String id = newId();
        a.send(dm(id, bob.username(), "once"));
        a.send(dm(id, bob.username(), "once"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> a.frames("message.ack").size() == 2);
        a.send(dm(id, bob.username(), "once"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> a.frames("message.ack").size() == 3);
        TestApi.Response viaRest = api.post("/api/v1/messages", Map.of("clientMsgId", id, "to", bob.username(), "content", "once"), alice.token());
        assertThat(viaRest.status()).isEqualTo(202);

        List<JsonNode> acks = a.frames("message.ack").stream().map(f -> f.get("data")).toList();
        assertThat(acks).extracting(ack -> ack.get("serverMsgId").asString()).containsOnly(viaRest.body().get("serverMsgId").asString());
        assertThat(acks).extracting(ack -> ack.get("seq").asLong()).containsOnly(viaRest.body().get("seq").asLong());

        String after = newId();
        a.send(dm(after, bob.username(), "after"));
        b.awaitData("message.create", "clientMsgId", after);
        assertThat(b.frames("message.create")).extracting(f -> f.get("data").get("clientMsgId").asString()).containsExactly(id, after);
    }

    @Test
    void restPublishAnswersAfterTheLogWriteAndDeliversLikeTheWebSocket() {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        WsClient aliceSession = connect(alice);
        WsClient b = connect(bob);
        String id = newId();

        TestApi.Response response = api.post("/api/v1/messages",
                Map.of("clientMsgId", id, "to", bob.id().toString(), "content", "via rest", "attachmentUrl", "https://example.org/cat.png"),
                alice.token());

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.body().get("serverMsgId").asString()).isNotBlank();
        assertThat(response.body().get("conversationId").asString()).isEqualTo(Conversations.direct(alice.id(), bob.id()));
        JsonNode created = b.awaitData("message.create", "clientMsgId", id).get("data");
        assertThat(created.get("attachmentUrl").asString()).isEqualTo("https://example.org/cat.png");
        aliceSession.awaitData("message.create", "clientMsgId", id);

        TestApi.Response unknown = api.post("/api/v1/messages", Map.of("clientMsgId", newId(), "to", "nobody-" + id, "content", "x"), alice.token());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("code").asString()).isEqualTo("unknown_recipient");
        assertThat(api.post("/api/v1/messages", Map.of("clientMsgId", newId(), "to", bob.username(), "content", "x"), null).status())
                .isEqualTo(401);
    }

    @Test
    void theLogCanBeReadWithAStockKafkaConsumer() {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        String id = newId();
        TestApi.Response ack = api.post("/api/v1/messages", Map.of("clientMsgId", id, "to", bob.username(), "content", "in the log"), alice.token());
        assertThat(ack.status()).isEqualTo(202);

        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, node().bean(KafkaBootstrap.class).servers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        MessageTopic topic = node().bean(MessageTopic.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < topic.partitions(); p++) {
                partitions.add(new TopicPartition(topic.name(), p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            ConsumerRecord<String, String> found = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value().contains(ack.body().get("serverMsgId").asString())) {
                        return r;
                    }
                }
                return null;
            }, r -> r != null);
            assertThat(found.key()).isEqualTo(Conversations.direct(alice.id(), bob.id()));
            assertThat(found.offset()).isEqualTo(ack.body().get("seq").asLong());
            JsonNode value = Json.read(found.value());
            assertThat(value.get("v").asInt()).isEqualTo(1);
            assertThat(value.get("content").asString()).isEqualTo("in the log");
            assertThat(value.get("from").asString()).isEqualTo(alice.id().toString());
            assertThat(value.get("to").asString()).isEqualTo(bob.id().toString());
            assertThat(value.get("clientMsgId").asString()).isEqualTo(id);
        }
    }
}
