package dev.parley.gateway;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.newId;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.parley.conversations.Conversations;
import dev.parley.support.RawWebSocket;
import dev.parley.support.SharedNode;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.WsClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * RFC 6455 and JSON edge cases played against a real node: fragmented messages over the limit,
 * text that is not UTF-8, duplicate keys and lone surrogates. What is refused is never stored.
 */
class ProtocolEdgesIT {

    private final TestApi api = SharedNode.get().api();

    @Test
    void aFragmentedMessageOverTheSizeLimitClosesWith1009() throws Exception {
        Account alice = api.register("alice");
        try (RawWebSocket client = RawWebSocket.connect(api.port(), alice.token())) {
            // Under the limit, fragments are one message like any other.
            client.sendFrame(false, RawWebSocket.TEXT, bytes("{\"type\":"));
            client.sendFrame(true, RawWebSocket.CONTINUATION, bytes("\"ping\"}"));
            assertThat(nextNonPing(client).text()).contains("\"pong\"");

            // Each fragment is under the 64 KiB limit; together they are over it.
            String pad = "x".repeat(40_000);
            client.sendFrame(false, RawWebSocket.TEXT, bytes("{\"type\":\"ping\",\"a\":\"" + pad));
            client.sendFrame(false, RawWebSocket.CONTINUATION, bytes(pad));
            client.sendFrame(true, RawWebSocket.CONTINUATION, bytes(pad + "\"}"));
            assertThat(closeCode(client)).isEqualTo(1009);
        }
    }

    @Test
    void aTextMessageThatIsNotUtf8ClosesWith1007AndIsNotStored() throws Exception {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        String id = newId();
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(bytes("{\"type\":\"message.send\",\"clientMsgId\":\"" + id + "\",\"to\":\"" + bob.username() + "\",\"content\":\"bad "));
        frame.writeBytes(new byte[] {(byte) 0xC3, 0x28}); // a lead byte without its continuation
        frame.writeBytes(bytes("\"}"));
        try (RawWebSocket client = RawWebSocket.connect(api.port(), alice.token())) {
            client.sendFrame(true, RawWebSocket.TEXT, frame.toByteArray());
            assertThat(closeCode(client)).isEqualTo(1007);
        }
        assertOnlyStoredAfterwards(alice, bob);
    }

    @Test
    void aValidCharacterSplitAcrossFragmentsIsAccepted() throws Exception {
        Account alice = api.register("alice");
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        try (RawWebSocket client = RawWebSocket.connect(api.port(), alice.token())) {
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            first.writeBytes(bytes("{\"type\":\"ping\",\"note\":\""));
            first.write(euro, 0, 1);
            client.sendFrame(false, RawWebSocket.TEXT, first.toByteArray());
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            rest.write(euro, 1, 2);
            rest.writeBytes(bytes("\"}"));
            client.sendFrame(true, RawWebSocket.CONTINUATION, rest.toByteArray());
            assertThat(nextNonPing(client).text()).contains("\"pong\"");
        }
    }

    @Test
    void duplicateKeysAreRefusedNamingTheKeyAndNothingIsStored() {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        String first = newId();
        String second = newId();
        try (WsClient client = WsClient.connect(api.port(), alice.token())) {
            client.sendText("{\"type\":\"message.send\",\"clientMsgId\":\"" + first + "\",\"clientMsgId\":\"" + second
                    + "\",\"to\":\"" + bob.username() + "\",\"content\":\"twice\"}");
            JsonNode error = client.awaitType("error").get("data");
            assertThat(error.get("code").asString()).isEqualTo("invalid_json");
            assertThat(error.get("message").asString()).contains("'clientMsgId'");

            client.sendText("{\"type\":\"ping\",\"x\":{\"a\":1,\"a\":2}}");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.frames("error").size() == 2);
            assertThat(client.frames("error").get(1).get("data").get("message").asString()).contains("'a'");
            assertThat(client.frames("message.ack")).isEmpty();
            assertThat(client.frames("pong")).isEmpty();
        }
        TestApi.Response rest = api.post("/api/v1/messages", "{\"clientMsgId\":\"" + newId() + "\",\"to\":\"" + bob.username()
                + "\",\"content\":\"one\",\"content\":\"two\"}", alice.token());
        assertThat(rest.status()).isEqualTo(400);
        assertThat(rest.body().get("code").asString()).isEqualTo("invalid_json");
        assertThat(rest.body().get("detail").asString()).contains("'content'");
        assertOnlyStoredAfterwards(alice, bob);
    }

    @Test
    void aLoneSurrogateIsRefusedAsAnInvalidFieldAndNothingIsStored() {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        String id = newId();
        String content = "\"content\":\"half \\ud800 a pair\"";
        try (WsClient client = WsClient.connect(api.port(), alice.token())) {
            client.sendText("{\"type\":\"message.send\",\"clientMsgId\":\"" + id + "\",\"to\":\"" + bob.username() + "\"," + content + "}");
            JsonNode error = client.awaitType("error").get("data");
            assertThat(error.get("code").asString()).isEqualTo("invalid_field");
            assertThat(error.get("field").asString()).isEqualTo("content");
            assertThat(error.get("ref").asString()).isEqualTo(id);
            assertThat(error.get("message").asString()).contains("lone surrogate");

            // Anywhere in a frame, even where the value would be echoed back.
            client.sendText("{\"type\":\"history.get\",\"requestId\":\"r\\udc00\"}");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.frames("error").size() == 2);
            JsonNode second = client.frames("error").get(1).get("data");
            assertThat(second.get("field").asString()).isEqualTo("requestId");
            assertThat(second.get("ref").isNull()).isTrue();
            assertThat(client.frames("message.ack")).isEmpty();
        }
        TestApi.Response rest = api.post("/api/v1/messages", "{\"clientMsgId\":\"" + newId() + "\",\"to\":\"" + bob.username()
                + "\"," + content + "}", alice.token());
        assertThat(rest.status()).isEqualTo(400);
        assertThat(rest.body().get("code").asString()).isEqualTo("invalid_field");
        assertThat(rest.body().get("field").asString()).isEqualTo("content");
        assertOnlyStoredAfterwards(alice, bob);
    }

    /** Sends one good message, waits until history has it: nothing sent before it may be there too. */
    private void assertOnlyStoredAfterwards(Account alice, Account bob) {
        String good = "good " + newId();
        TestApi.Response sent = api.post("/api/v1/messages", dm(newId(), bob.username(), good), alice.token());
        assertThat(sent.status()).isEqualTo(202);
        String path = "/api/v1/conversations/" + Conversations.direct(alice.id(), bob.id()) + "/messages";
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode messages = api.get(path, alice.token()).body().get("messages");
            List<String> contents = messages.valueStream().map(m -> m.get("content").asString()).toList();
            assertThat(contents).containsExactly(good);
        });
    }

    private static RawWebSocket.Frame nextNonPing(RawWebSocket client) throws IOException {
        RawWebSocket.Frame frame;
        do {
            frame = client.read();
        } while (frame != null && frame.opcode() == RawWebSocket.PING);
        assertThat(frame).isNotNull();
        return frame;
    }

    /** Reads up to the server's close frame (skipping pings and error frames) and returns its code. */
    private static int closeCode(RawWebSocket client) throws IOException {
        RawWebSocket.Frame frame;
        do {
            frame = client.read();
        } while (frame != null && frame.opcode() != RawWebSocket.CLOSE);
        assertThat(frame).as("a close frame").isNotNull();
        return frame.closeCode();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
