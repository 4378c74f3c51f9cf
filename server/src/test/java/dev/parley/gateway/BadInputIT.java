package dev.parley.gateway;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.newId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.parley.conversations.Conversations;
import dev.parley.support.Json;
import dev.parley.support.RawWebSocket;
import dev.parley.support.SharedNode;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.WsClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every kind of bad input gets a typed error frame, and the connection stays usable. */
class BadInputIT {

    private final TestApi api = SharedNode.get().api();

    record Case(String frame, String code, String field, String ref) {
    }

    @Test
    void eachBadFrameGetsATypedErrorAndTheConnectionStaysOpen() {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        String strangers = Conversations.direct(UUID.randomUUID(), UUID.randomUUID());
        String tooLong = "x".repeat(16 * 1024 + 1);
        String joined = TestApi.uniqueName("room");
        List<Case> cases = List.of(
                new Case("this is not json", "invalid_json", null, null),
                new Case("[1, 2, 3]", "invalid_frame", null, null),
                new Case("{\"no\":\"type\"}", "invalid_field", "type", null),
                new Case("{\"type\":\"message.explode\"}", "unknown_type", "type", "message.explode"),
                new Case(send(Map.of("to", bob.username(), "content", "hi")), "invalid_field", "clientMsgId", "message.send"),
                new Case(send(Map.of("clientMsgId", "has spaces", "to", bob.username(), "content", "hi")), "invalid_field", "clientMsgId", "has spaces"),
                new Case(send(Map.of("clientMsgId", "c1", "to", bob.username(), "conversationId", "room:x", "content", "hi")), "invalid_field", "conversationId", "c1"),
                new Case(send(Map.of("clientMsgId", "c2", "content", "hi")), "invalid_field", "to", "c2"),
                new Case("{\"type\":\"message.send\",\"clientMsgId\":\"c3\",\"to\":\"" + bob.username() + "\",\"content\":5}", "invalid_field", "content", "c3"),
                new Case(send(Map.of("clientMsgId", "c4", "to", bob.username())), "invalid_field", "content", "c4"),
                new Case(send(Map.of("clientMsgId", "c5", "to", "nobody-" + bob.username(), "content", "hi")), "unknown_recipient", null, "c5"),
                new Case(send(Map.of("clientMsgId", "c6", "to", bob.username(), "content", tooLong)), "content_too_large", "content", "c6"),
                new Case(send(Map.of("clientMsgId", "c7", "to", bob.username(), "content", "x", "attachmentUrl", "javascript:alert(1)")), "invalid_field", "attachmentUrl", "c7"),
                new Case(send(Map.of("clientMsgId", "c8", "conversationId", "dm:garbage", "content", "hi")), "invalid_field", "conversationId", "c8"),
                new Case(send(Map.of("clientMsgId", "c9", "conversationId", strangers, "content", "hi")), "not_a_participant", null, "c9"),
                new Case(send(Map.of("clientMsgId", "c10", "conversationId", "room:" + joined, "content", "hi")), "not_a_member", null, "c10"),
                new Case("{\"type\":\"room.join\",\"room\":\"Bad Name!\"}", "invalid_field", "room", "room.join"),
                new Case("{\"type\":\"room.leave\"}", "invalid_field", "room", "room.leave"));

        try (WsClient client = WsClient.connect(api.port(), alice.token())) {
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                client.sendText(c.frame());
                int expected = i + 1;
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.frames("error").size() >= expected);
                JsonNode error = client.frames("error").get(i).get("data");
                assertThat(error.get("code").asString()).as(c.frame()).isEqualTo(c.code());
                assertThat(error.get("message").asString()).as(c.frame()).isNotBlank();
                if (c.field() != null) {
                    assertThat(error.get("field").asString()).as(c.frame()).isEqualTo(c.field());
                }
                if (c.ref() != null) {
                    assertThat(error.get("ref").asString()).as(c.frame()).isEqualTo(c.ref());
                }
            }
            client.sendBinary(new byte[] {1, 2, 3});
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.frames("error").size() == cases.size() + 1);
            assertThat(client.frames("error").getLast().get("data").get("code").asString()).isEqualTo("unsupported_frame");

            client.send(Map.of("type", "ping"));
            client.awaitType("pong");
            String ok = newId();
            client.send(dm(ok, bob.username(), "still works"));
            client.awaitData("message.ack", "clientMsgId", ok);
            assertThat(client.frames("message.ack")).hasSize(1);
        }
    }

    @Test
    void aFrameOverTheSizeLimitClosesTheConnectionWith1009() throws Exception {
        Account alice = api.register("alice");
        try (RawWebSocket client = RawWebSocket.connect(api.port(), alice.token())) {
            client.sendText("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
            RawWebSocket.Frame frame = client.read();
            assertThat(frame).isNotNull();
            assertThat(frame.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(frame.closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void restRejectsBadMessagesWithProblemResponses() {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        TestApi.Response tooLarge = api.post("/api/v1/messages",
                Map.of("clientMsgId", newId(), "to", bob.username(), "content", "é".repeat(8193)), alice.token());
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.body().get("code").asString()).isEqualTo("content_too_large");
        TestApi.Response broken = api.post("/api/v1/messages", "{\"clientMsgId\":", alice.token());
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.body().get("code").asString()).isEqualTo("invalid_json");
        TestApi.Response noId = api.post("/api/v1/messages", Map.of("to", bob.username(), "content", "x"), alice.token());
        assertThat(noId.status()).isEqualTo(400);
        assertThat(noId.body().get("field").asString()).isEqualTo("clientMsgId");
    }

    private static String send(Map<String, String> fields) {
        Map<String, String> frame = new LinkedHashMap<>();
        frame.put("type", "message.send");
        frame.putAll(fields);
        return Json.write(frame);
    }
}
