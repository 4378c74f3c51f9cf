package dev.parley.system;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.newId;
import static dev.parley.support.Frames.toRoom;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.parley.support.ParleyNode;
import dev.parley.support.Postgres;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.TestDirs;
import dev.parley.support.WsClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Accounts, tokens, room membership, the log, the archive and history all survive a restart of the node. */
class RestartIT {

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"embedded", "postgres"})
    void everythingSurvivesARestart(String database) {
        Path dataDir = TestDirs.fresh("restart-" + database);
        Map<String, String> settings = new HashMap<>();
        settings.put("parley.auth.jwt-secret", ""); // use (and keep) a generated signing key
        if (database.equals("postgres")) {
            settings.put("parley.database.url", Postgres.freshDatabase("restart"));
            settings.put("parley.database.username", Postgres.USER);
            settings.put("parley.database.password", Postgres.PASSWORD);
        }
        String room = TestApi.uniqueName("room");
        Account alice;
        Account bob;
        String firstId = newId();
        JsonNode firstAck;
        try (ParleyNode node = ParleyNode.start(dataDir, settings)) {
            TestApi api = node.api();
            alice = api.register("alice");
            bob = api.register("bob");
            try (WsClient a = WsClient.connect(api.port(), alice.token()); WsClient b = WsClient.connect(api.port(), bob.token())) {
                a.send(Map.of("type", "room.join", "room", room));
                a.awaitType("room.joined");
                b.send(Map.of("type", "room.join", "room", room));
                b.awaitType("room.joined");
                a.send(dm(firstId, bob.username(), "before the restart"));
                firstAck = a.awaitData("message.ack", "clientMsgId", firstId).get("data");
                b.awaitData("message.create", "clientMsgId", firstId);
            }
        }

        try (ParleyNode node = ParleyNode.start(dataDir, settings)) {
            TestApi api = node.api();
            assertThat(api.get("/api/v1/users/me", alice.token()).status()).as("a token issued before the restart").isEqualTo(200);
            assertThat(api.login(bob.username(), bob.password())).isNotBlank();
            JsonNode history = api.get("/api/v1/conversations/" + firstAck.get("conversationId").asString() + "/messages", bob.token()).body();
            assertThat(history.get("messages")).extracting(m -> m.get("clientMsgId").asString()).containsExactly(firstId);
            // The list is read from the archive, which may still be catching up with the log after the restart.
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(api.get("/api/v1/conversations", bob.token()).body().get("conversations")).hasSize(2));
            try (WsClient a = WsClient.connect(api.port(), alice.token()); WsClient b = WsClient.connect(api.port(), bob.token())) {
                // Retrying the old send finds it in the archive: same id, same seq, no second delivery.
                a.send(dm(firstId, bob.username(), "before the restart"));
                JsonNode retryAck = a.awaitData("message.ack", "clientMsgId", firstId).get("data");
                assertThat(retryAck.get("serverMsgId").asString()).isEqualTo(firstAck.get("serverMsgId").asString());
                assertThat(retryAck.get("seq").asLong()).isEqualTo(firstAck.get("seq").asLong());

                // The log kept its records: the conversation's sequence continues past the old message.
                String secondId = newId();
                a.send(dm(secondId, bob.username(), "after the restart"));
                JsonNode secondAck = a.awaitData("message.ack", "clientMsgId", secondId).get("data");
                assertThat(secondAck.get("seq").asLong()).isGreaterThan(firstAck.get("seq").asLong());
                b.awaitData("message.create", "clientMsgId", secondId);
                assertThat(b.frames("message.create")).extracting(f -> f.get("data").get("clientMsgId").asString()).containsExactly(secondId);

                // Room membership was stored: no need to join again.
                String roomMessage = newId();
                a.send(toRoom(roomMessage, room, "still members"));
                a.awaitData("message.ack", "clientMsgId", roomMessage);
                b.awaitData("message.create", "clientMsgId", roomMessage);
            }
        }
    }
}
