package dev.parley.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.parley.accounts.AuthenticatedUser;
import dev.parley.routing.Delivery;
import dev.parley.rooms.RoomName;
import dev.parley.system.ParleyError;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The compatibility shapes' translations, in memory: frames in → native frames, events → their shape. */
class DialectsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final AuthenticatedUser alice = new AuthenticatedUser(UUID.randomUUID(), "alice", Instant.now().plusSeconds(60), "jti");

    @Test
    void aRoomChatFrameJoinsItsRoomOnFirstUseOnly() {
        RoomChat.Chat chat = new RoomChat.Chat(JSON, alice, new RoomName("general"));

        List<ObjectNode> first = chat.read(frame("{\"username\":\"Alice\",\"message\":\"hi\",\"room\":\"Lobby\"}"));
        assertThat(first).extracting(f -> f.get("type").asString()).containsExactly("room.join", "message.send");
        assertThat(first.get(0).get("room").asString()).isEqualTo("lobby");
        assertThat(first.get(1).get("conversationId").asString()).isEqualTo("room:lobby");
        assertThat(first.get(1).get("content").asString()).isEqualTo("hi");

        assertThat(chat.read(frame("{\"username\":\"alice\",\"message\":\"again\",\"room\":\"lobby\"}")))
                .extracting(f -> f.get("type").asString()).containsExactly("message.send");
        // The default room was joined on connect.
        List<ObjectNode> general = chat.read(frame("{\"username\":\"alice\",\"message\":\"x\"}"));
        assertThat(general).singleElement().satisfies(f -> assertThat(f.get("conversationId").asString()).isEqualTo("room:general"));
        // Each frame is a message of its own: a fresh clientMsgId.
        assertThat(first.get(1).get("clientMsgId").asString()).isNotEqualTo(general.getFirst().get("clientMsgId").asString());
    }

    @Test
    void aRoomChatFrameIsRefusedForAnotherUsernameAMissingMessageOrABadRoom() {
        RoomChat.Chat chat = new RoomChat.Chat(JSON, alice, new RoomName("general"));
        assertRefused(() -> chat.read(frame("{\"username\":\"bob\",\"message\":\"hi\"}")), "username_mismatch", null);
        assertRefused(() -> chat.read(frame("{\"username\":\"alice\"}")), "invalid_field", "message");
        assertRefused(() -> chat.read(frame("{\"username\":\"alice\",\"message\":\"hi\",\"room\":\"no spaces\"}")), "invalid_field", "room");
        assertRefused(() -> chat.read(frame("{\"username\":\"alice\",\"message\":[\"hi\"]}")), "invalid_field", "message");
    }

    @Test
    void roomChatShowsRoomMessagesOnlyAndRendersEachEventOnce() {
        RoomChat.Chat chat = new RoomChat.Chat(JSON, alice, new RoomName("general"));
        RoomChat.Chat another = new RoomChat.Chat(JSON, alice, new RoomName("general"));
        Delivery inRoom = message(Map.of("conversationId", "room:general", "room", "general", "fromUsername", "bob",
                "content", "hey", "sentAt", "2026-12-01T10:00:00.123Z"));

        JsonNode shown = JSON.readTree(chat.write(inRoom));
        assertThat(shown).isEqualTo(JSON.readTree("{\"username\":\"bob\",\"message\":\"hey\",\"timestamp\":\"2026-12-01T10:00:00.123Z\",\"room\":\"general\"}"));
        assertThat(another.write(inRoom)).isSameAs(chat.write(inRoom));

        assertThat(chat.write(message(Map.of("conversationId", "dm:a:b", "from", "x", "to", "y", "content", "private")))).isNull();
        assertThat(chat.write(Delivery.ephemeral("typing", "{\"type\":\"typing\"}".getBytes()))).isNull();
        assertThat(chat.keeps("error")).isTrue();
        assertThat(chat.keeps("message.ack")).isFalse();
        assertThat(chat.echoesOwnSends()).isTrue();
    }

    @Test
    void aSpringDemoFrameIsADirectOrBroadcastSendAndNativeFramesPassThrough() {
        SpringDemo.Demo demo = new SpringDemo.Demo(JSON, new RoomName("public"), true);
        ObjectNode direct = demo.read(frame("{\"message\":\"psst\",\"recipientId\":\"bob\"}")).getFirst();
        assertThat(direct.get("type").asString()).isEqualTo("message.send");
        assertThat(direct.get("to").asString()).isEqualTo("bob");
        assertThat(direct.has("conversationId")).isFalse();
        ObjectNode broadcast = demo.read(frame("{\"message\":\"all\"}")).getFirst();
        assertThat(broadcast.get("conversationId").asString()).isEqualTo("room:public");
        assertThat(demo.read(frame("{\"message\":\"retry\",\"clientMsgId\":\"c-1\"}")).getFirst().get("clientMsgId").asString()).isEqualTo("c-1");

        ObjectNode ping = frame("{\"type\":\"ping\",\"message\":\"not a demo frame\"}");
        assertThat(demo.read(ping)).containsExactly(ping);
        assertRefused(() -> new SpringDemo.Demo(JSON, null, false).read(frame("{\"message\":\"all\"}")), "invalid_field", "recipientId");
        assertRefused(() -> demo.read(frame("{\"message\":\"x\",\"recipientId\":7}")), "invalid_field", "recipientId");
    }

    @Test
    void aDemoClientNotJoinedOnConnectJoinsTheBroadcastRoomAtItsFirstBroadcast() {
        SpringDemo.Demo demo = new SpringDemo.Demo(JSON, new RoomName("public"), false);
        assertThat(demo.read(frame("{\"message\":\"psst\",\"recipientId\":\"bob\"}"))).hasSize(1);
        List<ObjectNode> first = demo.read(frame("{\"message\":\"all\"}"));
        assertThat(first).extracting(f -> f.get("type").asString()).containsExactly("room.join", "message.send");
        assertThat(first.getFirst().get("room").asString()).isEqualTo("public");
        assertThat(demo.read(frame("{\"message\":\"all again\"}"))).hasSize(1);
    }

    @Test
    void theEchoStreamShowsMessagesInTheEchoShapeAndRefusesInput() {
        EchoStream.Stream stream = new EchoStream.Stream(JSON);
        JsonNode dm = JSON.readTree(stream.write(message(Map.of("conversationId", "dm:a:b", "from", "a", "to", "b", "content", "hi"))));
        assertThat(dm).isEqualTo(JSON.readTree("{\"chatId\":\"dm:a:b\",\"senderId\":\"a\",\"receiverId\":\"b\",\"content\":\"hi\"}"));
        JsonNode room = JSON.readTree(stream.write(message(Map.of("conversationId", "room:x", "from", "a", "room", "x",
                "content", "", "attachmentUrl", "https://example.com/a.png"))));
        assertThat(room.get("receiverId").asString()).isEqualTo("x");
        assertThat(room.get("content").asString()).isEqualTo("https://example.com/a.png");
        assertThat(stream.write(Delivery.ephemeral("receipt", "{}".getBytes()))).isNull();
        assertRefused(() -> stream.read(frame("{\"content\":\"hi\"}")), "receive_only", null);
    }

    @Test
    void aUserIsNamedByIdOrByUsernameInAnyCase() {
        assertThat(Identities.names(alice, alice.userId().toString().toUpperCase())).isTrue();
        assertThat(Identities.names(alice, " ALICE ")).isTrue();
        assertThat(Identities.names(alice, "alice2")).isFalse();
        assertThat(Identities.names(alice, UUID.randomUUID().toString())).isFalse();
    }

    @Test
    void aDeliveryRendersEachShapeOnceForAllItsSessions() {
        Delivery delivery = message(Map.of("conversationId", "room:x", "room", "x", "content", "hi"));
        AtomicInteger renders = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            delivery.as("shape", d -> {
                renders.incrementAndGet();
                return null;
            });
        }
        assertThat(renders).hasValue(1);
    }

    private static Delivery message(Map<String, String> data) {
        return Delivery.message(JSON.writeValueAsBytes(Map.of("type", "message.create", "data", data)), data.get("conversationId"), 1, 0, null);
    }

    private static ObjectNode frame(String json) {
        return (ObjectNode) JSON.readTree(json);
    }

    private static void assertRefused(Runnable read, String code, String field) {
        assertThatThrownBy(read::run).isInstanceOfSatisfying(ParleyError.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.field()).isEqualTo(field);
        });
    }
}
