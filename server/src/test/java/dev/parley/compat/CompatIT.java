package dev.parley.compat;

import static dev.parley.support.Frames.newId;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import dev.parley.conversations.Conversations;
import dev.parley.support.Json;
import dev.parley.support.SharedNode;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.WsClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The classic client APIs (docs/compatibility.md) driven with their documented payloads, as
 * written, against a real node: every one goes through the one send path (durable ack, history,
 * idempotency) and takes the user from the token, never from a field.
 */
class CompatIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final TestApi api = SharedNode.get().api();

    // --- Echo-style REST + WebSocket ---------------------------------------------------------

    @Test
    void theEchoHealthCheckIsOpenAndPlainText() throws Exception {
        HttpResponse<String> health = http("GET", "/api/v1/websocket/health", Map.of(), null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(health.body()).isEqualTo("WebSocket Route Operational");
    }

    @Test
    void anEchoActionIsADurableDirectMessageOnTheReceiversStream() throws Exception {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        String dm = Conversations.direct(alice.id(), bob.id());
        try (WsClient stream = WsClient.connect(echoStream(bob.token(), "?ReceiverId=" + bob.username()), Map.of())) {
            HttpResponse<String> sent = http("POST", "/api/v1/message/action", bearer(alice),
                    "{\"chatId\":\"chat-1\",\"senderId\":\"" + alice.id() + "\",\"receiverId\":\"" + bob.username() + "\",\"content\":\"hi bob\"}");
            assertThat(sent.statusCode()).isEqualTo(200);
            assertThat(sent.body()).isEqualTo("Message Sent");

            JsonNode received = stream.await(frame -> "hi bob".equals(frame.path("content").asString()));
            assertThat(Json.read(Json.write(received))).isEqualTo(Json.read(
                    "{\"chatId\":\"" + dm + "\",\"senderId\":\"" + alice.id() + "\",\"receiverId\":\"" + bob.id() + "\",\"content\":\"hi bob\"}"));

            // By user id, and by username for the sender, too.
            assertThat(http("POST", "/api/v1/message/action", bearer(alice),
                    "{\"chatId\":\"chat-1\",\"senderId\":\"" + alice.username() + "\",\"receiverId\":\"" + bob.id() + "\",\"content\":\"again\"}")
                    .body()).isEqualTo("Message Sent");
            stream.await(frame -> "again".equals(frame.path("content").asString()));
        }
        // Acked means stored: both are in history.
        assertThat(history(alice, dm)).containsExactly("hi bob", "again");
    }

    @Test
    void anEchoActionTakesTheSenderFromTheToken() throws Exception {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        String body = "{\"chatId\":\"c\",\"senderId\":\"" + bob.id() + "\",\"receiverId\":\"" + alice.username() + "\",\"content\":\"forged\"}";

        HttpResponse<String> forged = http("POST", "/api/v1/message/action", bearer(alice), body);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(Json.read(forged.body()).get("code").asString()).isEqualTo("sender_mismatch");
        assertThat(http("POST", "/api/v1/message/action", Map.of(), body).statusCode()).isEqualTo(401);

        HttpResponse<String> wrongType = http("POST", "/api/v1/message/action", bearer(alice),
                "{\"chatId\":\"c\",\"senderId\":\"" + alice.id() + "\",\"receiverId\":\"" + bob.username() + "\",\"content\":5}");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(Json.read(wrongType.body()).get("field").asString()).isEqualTo("content");
        assertThat(history(alice, Conversations.direct(alice.id(), bob.id()))).isEmpty();
    }

    @Test
    void anEchoActionRetriedWithAnIdempotencyKeyIsStoredOnce() throws Exception {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        Map<String, String> headers = new LinkedHashMap<>(bearer(alice));
        headers.put("Idempotency-Key", newId());
        String body = "{\"chatId\":\"c\",\"senderId\":\"" + alice.id() + "\",\"receiverId\":\"" + bob.username() + "\",\"content\":\"once\"}";
        assertThat(http("POST", "/api/v1/message/action", headers, body).statusCode()).isEqualTo(200);
        assertThat(http("POST", "/api/v1/message/action", headers, body).statusCode()).isEqualTo(200);
        assertThat(history(bob, Conversations.direct(alice.id(), bob.id()))).containsExactly("once");
    }

    @Test
    void theEchoStreamIsOnlyTheTokensUsersAndOnlyDelivers() throws Exception {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        assertThat(handshakeStatus(echoStream(alice.token(), "?ReceiverId=" + bob.id()), Map.of())).isEqualTo(403);
        assertThat(handshakeStatus(echoStream(alice.token(), ""), Map.of("ReceiverId", bob.username()))).isEqualTo(403);
        assertThat(handshakeStatus(URI.create("ws://127.0.0.1:" + api.port() + EchoStream.PATH), Map.of())).isEqualTo(401);

        try (WsClient stream = WsClient.connect(echoStream(alice.token(), ""), Map.of("ReceiverId", alice.id().toString()))) {
            stream.sendText("{\"chatId\":\"c\",\"content\":\"hi\"}");
            JsonNode error = stream.awaitType("error");
            assertThat(error.get("data").get("code").asString()).isEqualTo("receive_only");
        }
    }

    // --- Production WS service style: Parley's own protocol, its documented frames verbatim ----

    @Test
    void theProductionServiceFramesWorkAsDocumented() throws Exception {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        String room = TestApi.uniqueName("room");
        URI connect = URI.create("ws://127.0.0.1:" + api.port() + "/socket/connect?token=" + alice.token());
        try (WsClient a = WsClient.connect(connect, Map.of());
             WsClient b = WsClient.connect(URI.create("ws://127.0.0.1:" + api.port() + "/socket/connect?token=" + bob.token()), Map.of())) {
            a.sendText("{\"type\": \"message.send\", \"clientMsgId\": \"5b0e2c8a-0001\", \"to\": \"" + bob.username()
                    + "\", \"content\": \"hi\", \"attachmentUrl\": \"https://example.com/cat.png\"}");
            JsonNode ack = a.awaitType("message.ack");
            assertThat(ack.get("data").get("clientMsgId").asString()).isEqualTo("5b0e2c8a-0001");
            JsonNode created = b.awaitType("message.create").get("data");
            assertThat(created.get("content").asString()).isEqualTo("hi");
            assertThat(created.get("attachmentUrl").asString()).isEqualTo("https://example.com/cat.png");
            assertThat(created.get("serverMsgId").asString()).isEqualTo(ack.get("data").get("serverMsgId").asString());

            a.sendText("{\"type\": \"room.join\", \"room\": \"" + room + "\"}");
            a.awaitType("room.joined");
            a.sendText("{\"type\": \"message.send\", \"clientMsgId\": \"9d41-0002\", \"conversationId\": \"room:" + room + "\", \"content\": \"hi all\"}");
            a.await(frame -> "message.ack".equals(frame.path("type").asString())
                    && "9d41-0002".equals(frame.path("data").path("clientMsgId").asString()));
        }
        assertThat(history(alice, "room:" + room)).containsExactly("hi all");
        assertThat(http("GET", "/health", Map.of(), null).statusCode()).isEqualTo(200);
    }

    // --- Room chat style (FastAPI demo clients) -----------------------------------------------

    @Test
    void roomChatClientsTalkInTheDefaultRoomAndJoinOthersOnFirstUse() throws Exception {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        String other = TestApi.uniqueName("room");
        try (WsClient a = WsClient.connect(roomChat("alice-laptop", alice), Map.of());
             WsClient b = WsClient.connect(roomChat("7", bob), Map.of())) {
            a.send(Map.of("username", alice.username(), "message", "hello everyone", "room", "general"));
            for (WsClient client : List.of(a, b)) { // the sender too: such clients show a message once it comes back
                JsonNode got = client.await(frame -> "hello everyone".equals(frame.path("message").asString()));
                assertThat(fieldNames(got)).containsExactlyInAnyOrder("username", "message", "timestamp", "room");
                assertThat(got.get("username").asString()).isEqualTo(alice.username());
                assertThat(got.get("room").asString()).isEqualTo("general");
                assertThat(Instant.parse(got.get("timestamp").asString())).isBefore(Instant.now().plusSeconds(1));
            }

            // Without "room", the default room; a new room is joined on first use, and only its members hear it.
            b.send(Map.of("username", bob.username(), "message", "no room given"));
            a.await(frame -> "no room given".equals(frame.path("message").asString()) && "general".equals(frame.path("room").asString()));
            a.send(Map.of("username", alice.username(), "message", "anyone here?", "room", other));
            a.await(frame -> "anyone here?".equals(frame.path("message").asString()));
            b.send(Map.of("username", bob.username(), "message", "now I am", "room", other));
            a.await(frame -> "now I am".equals(frame.path("message").asString()) && other.equals(frame.path("room").asString()));
            assertThat(b.frames()).noneMatch(frame -> "anyone here?".equals(frame.path("message").asString()));

            // The user is the token's: a frame naming someone else is refused and not sent.
            a.send(Map.of("username", bob.username(), "message", "I am bob", "room", other));
            JsonNode error = a.awaitType("error");
            assertThat(error.get("data").get("code").asString()).isEqualTo("username_mismatch");
            // Only errors of the gateway's own frames reach these clients: no acks, no room.joined.
            assertThat(a.frames()).allMatch(frame -> !frame.has("type") || "error".equals(frame.get("type").asString()));
        }
        assertThat(history(bob, "room:" + other)).containsExactly("anyone here?", "now I am");
    }

    // --- Spring multi-server demo style on /ws ------------------------------------------------

    @Test
    void springDemoFramesOnWsSendDirectAndBroadcastMessages() throws Exception {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        Account carol = api.register("carol");
        URI ws = URI.create("ws://127.0.0.1:" + api.port() + "/ws");
        // Demo clients name themselves with X-Auth-User-Id (with a token it must agree): that puts them in the broadcast room on connect.
        try (WsClient a = WsClient.connect(URI.create(ws + "?token=" + alice.token()), Map.of());
             WsClient b = WsClient.connect(URI.create(ws + "?token=" + bob.token()), Map.of("X-Auth-User-Id", bob.id().toString()));
             WsClient c = WsClient.connect(api.port(), carol.token())) {
            a.send(Map.of("message", "psst", "recipientId", bob.id().toString()));
            JsonNode direct = b.awaitData("message.create", "content", "psst").get("data");
            assertThat(direct.get("conversationId").asString()).isEqualTo(Conversations.direct(alice.id(), bob.id()));
            a.awaitType("message.ack");

            // Alice's first broadcast joins her to the room first.
            a.send(Map.of("message", "hello all"));
            JsonNode broadcast = b.awaitData("message.create", "content", "hello all").get("data");
            assertThat(broadcast.get("conversationId").asString()).isEqualTo("room:public");
            assertThat(broadcast.get("from").asString()).isEqualTo(alice.id().toString());

            b.send(Map.of("message", 42));
            assertThat(b.awaitType("error").get("data").get("field").asString()).isEqualTo("message");

            // A Parley client on /ws that never spoke the demo shape is not put in the broadcast room.
            c.send(Map.of("type", "ping"));
            c.awaitType("pong");
            assertThat(c.frames("message.create")).isEmpty();
        }
        assertThat(api.get("/api/v1/conversations", carol.token()).body().get("conversations")).isEmpty();
    }

    @Test
    void theUserIdHeaderIsRefusedWithoutATokenUnlessTrusted() throws Exception {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        HttpResponse<String> refused = http("GET", "/ws", Map.of("X-Auth-User-Id", alice.id().toString()), null);
        assertThat(refused.statusCode()).isEqualTo(401);
        JsonNode problem = Json.read(refused.body());
        assertThat(problem.get("code").asString()).isEqualTo("user_id_header_not_trusted");
        assertThat(problem.get("detail").asString()).contains("proves nothing", "parley.compat.trust-user-id-header");
        assertThat(handshakeStatus(URI.create("ws://127.0.0.1:" + api.port() + "/ws?X-Auth-User-Id=" + alice.id()), Map.of())).isEqualTo(401);

        URI withToken = URI.create("ws://127.0.0.1:" + api.port() + "/ws?token=" + alice.token());
        assertThat(handshakeStatus(withToken, Map.of("X-Auth-User-Id", bob.id().toString()))).isEqualTo(403);
        try (WsClient a = WsClient.connect(withToken, Map.of("X-Auth-User-Id", alice.username()))) {
            a.send(Map.of("type", "ping"));
            a.awaitType("pong");
        }
    }

    // --- One command model ---------------------------------------------------------------------

    @Test
    void aWronglyTypedFieldIsTheSameErrorOnWebSocketAndRest() throws Exception {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        for (String field : List.of("content", "clientMsgId", "to", "attachmentUrl")) {
            Map<String, Object> frame = new LinkedHashMap<>(dev.parley.support.Frames.dm(newId(), bob.username(), "hi"));
            frame.put(field, List.of(1));
            TestApi.Response rest = api.post("/api/v1/messages", frame, alice.token());
            try (WsClient a = WsClient.connect(api.port(), alice.token())) {
                a.send(frame);
                JsonNode error = a.awaitType("error").get("data");
                assertThat(rest.status()).isEqualTo(400);
                assertThat(rest.body().get("code").asString()).isEqualTo(error.get("code").asString());
                assertThat(rest.body().get("field").asString()).isEqualTo(field).isEqualTo(error.get("field").asString());
                assertThat(rest.body().get("detail").asString()).isEqualTo(error.get("message").asString());
            }
        }
        assertThat(history(alice, Conversations.direct(alice.id(), bob.id()))).isEmpty();
    }

    // --- helpers -------------------------------------------------------------------------------

    private URI echoStream(String token, String query) {
        String joiner = query.isEmpty() ? "?" : "&";
        return URI.create("ws://127.0.0.1:" + api.port() + EchoStream.PATH + query + joiner + "token=" + token);
    }

    private URI roomChat(String clientId, Account user) {
        return URI.create("ws://127.0.0.1:" + api.port() + "/ws/" + URLEncoder.encode(clientId, StandardCharsets.UTF_8) + "?token=" + user.token());
    }

    private static Map<String, String> bearer(Account user) {
        return Map.of("Authorization", "Bearer " + user.token());
    }

    private List<String> history(Account reader, String conversationId) {
        TestApi.Response page = api.get("/api/v1/conversations/" + conversationId + "/messages", reader.token());
        assertThat(page.status()).isEqualTo(200);
        return java.util.stream.StreamSupport.stream(page.body().get("messages").spliterator(), false)
                .map(message -> message.get("content").asString()).toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        return List.copyOf(node.propertyNames());
    }

    private HttpResponse<String> http(String method, String path, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static int handshakeStatus(URI uri, Map<String, String> headers) throws InterruptedException {
        try {
            WsClient.attempt(uri, headers).get().abort();
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw new AssertionError("the handshake failed without an answer", e);
        }
    }
}
