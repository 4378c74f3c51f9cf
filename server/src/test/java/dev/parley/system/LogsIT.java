package dev.parley.system;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.parley.support.Json;
import dev.parley.support.NodeProcess;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.TestDirs;
import dev.parley.support.WsClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a node writes to its output, run as `bin/parley` runs it with JSON logs switched on by one
 * environment variable: every line a JSON object, a request's lines with its trace, and never an
 * access token, a password or a message's content — with WebFlux's DEBUG lines switched on too.
 */
class LogsIT {

    private static NodeProcess node;
    private static TestApi api;

    @BeforeAll
    static void start() {
        node = new NodeProcess(TestDirs.fresh("logs"),
                Map.of("parley.access-log.enabled", "true", "logging.level.org.springframework.web", "DEBUG"),
                Map.of("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs")).start();
        api = node.api();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void everyLineIsAJsonObjectAndARequestsLinesCarryItsTrace() {
        assertThat(api.get("/api/v1/rooms", null).status()).isEqualTo(401);

        JsonNode access = Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> accessLine("GET /api/v1/rooms 401"), line -> line != null);

        assertThat(access.get("traceId").asString()).matches("[0-9a-f]{32}");
        assertThat(access.get("spanId").asString()).matches("[0-9a-f]{16}");
        assertThat(access.get("log").get("logger").asString()).isEqualTo("dev.parley.access");
        List<String> lines = lines();
        assertThat(lines).as("node output").hasSizeGreaterThan(5);
        for (String line : lines) {
            JsonNode json = Json.read(line);
            assertThat(json.isObject()).as("a JSON object: %s", line).isTrue();
            assertThat(json.has("@timestamp") && json.has("message") && json.get("log").has("level")).as("ECS fields in %s", line).isTrue();
        }
        assertThat(lines).anySatisfy(line -> assertThat(Json.read(line).get("message").asString()).startsWith("Parley is listening on"));
    }

    @Test
    void noTokenPasswordOrMessageContentIsEverWritten() throws Exception {
        String secret = "SECRET-" + UUID.randomUUID();
        String content = "CONTENT-" + UUID.randomUUID();
        Account alice = api.register("alice");
        Account bob = api.register("bob");

        // Refused upgrades, on both WebSocket paths, with a token that is no token.
        for (String path : List.of("/ws", "/socket/connect")) {
            Throwable refused = catchThrowable(() -> WsClient.attempt(URI.create("ws://127.0.0.1:" + api.port() + path + "?token=" + secret), Map.of())
                    .get(10, TimeUnit.SECONDS));
            assertThat(refused).as("upgrade of %s with a bad token", path).isNotNull();
        }
        // An upgrade that fails after the token was accepted, and requests that fail with a token in the query.
        assertThat(api.get("/ws?token=" + alice.token(), null).status()).isEqualTo(400);
        assertThat(api.get("/nowhere?token=" + secret, null).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/messages?token=" + secret, "{not json").status()).isEqualTo(401);
        assertThat(api.post("/api/v1/messages", "{not json", alice.token()).status()).isEqualTo(400);
        // A conversation that works: the token in the URL, content in frames and in REST.
        try (WsClient a = WsClient.connect(api.port(), alice.token()); WsClient b = WsClient.connect(api.port(), bob.token())) {
            String id = newId();
            a.send(dm(id, bob.username(), content));
            b.awaitData("message.create", "clientMsgId", id);
            assertThat(api.post("/api/v1/messages", Map.of("clientMsgId", newId(), "to", bob.username(), "content", content + "-rest"),
                    alice.token()).status()).isEqualTo(202);
        }

        Awaitility.await("the access line of the last request").atMost(Duration.ofSeconds(15))
                .until(() -> lines().stream().anyMatch(line -> line.contains("POST /api/v1/messages 202")));
        String output = String.join("\n", lines());
        assertThat(output).contains("GET /socket/connect 401", "GET /ws 400", "GET /ws 101", "GET /nowhere 404", "POST /api/v1/auth/login 200");
        assertThat(output).as("WebFlux's DEBUG lines are there").contains("HttpWebHandlerAdapter");
        assertThat(output).doesNotContain(secret, alice.token(), bob.token(), alice.password(), bob.password(), content);
    }

    private static JsonNode accessLine(String message) {
        return lines().stream().map(Json::read)
                .filter(json -> json.get("message").asString().equals(message) || json.get("message").asString().startsWith(message + " "))
                .findFirst().orElse(null);
    }

    private static List<String> lines() {
        try {
            return Files.readAllLines(node.log(), StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
