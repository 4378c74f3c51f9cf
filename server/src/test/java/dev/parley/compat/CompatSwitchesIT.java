package dev.parley.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

import dev.parley.support.ParleyNode;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.TestDirs;
import dev.parley.support.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** The two switches of the compatibility endpoints, each on a node of its own. */
@ExtendWith(OutputCaptureExtension.class)
class CompatSwitchesIT {

    @Test
    void trustingTheUserIdHeaderIsWarnedAboutAndThenTakesTheUserFromIt(CapturedOutput output) throws Exception {
        try (ParleyNode node = ParleyNode.start(TestDirs.fresh("compat-trust"), Map.of("parley.compat.trust-user-id-header", "true"))) {
            assertThat(output.getOut()).contains("parley.compat.trust-user-id-header is on", "act as any user");
            TestApi api = node.api();
            Account alice = api.register("alice");
            Account bob = api.register("bob");
            URI ws = URI.create("ws://127.0.0.1:" + api.port() + "/ws");
            try (WsClient a = WsClient.connect(ws, Map.of("X-Auth-User-Id", alice.username()));
                 WsClient b = WsClient.connect(URI.create(ws + "?X-Auth-User-Id=" + bob.id()), Map.of())) {
                a.send(Map.of("message", "from the header", "recipientId", bob.username()));
                JsonNode got = b.awaitData("message.create", "content", "from the header").get("data");
                assertThat(got.get("from").asString()).isEqualTo(alice.id().toString());
            }
            assertThat(CompatIT.handshakeStatus(ws, Map.of("X-Auth-User-Id", "nobody-" + alice.username()))).isEqualTo(401);
            // A token still wins, and must agree with the header.
            assertThat(CompatIT.handshakeStatus(URI.create(ws + "?token=" + alice.token()), Map.of("X-Auth-User-Id", bob.username())))
                    .isEqualTo(403);
        }
    }

    @Test
    void compatibilityEndpointsSwitchOffAsAGroup() throws Exception {
        try (ParleyNode node = ParleyNode.start(TestDirs.fresh("compat-off"), Map.of("parley.compat.enabled", "false"))) {
            TestApi api = node.api();
            Account alice = api.register("alice");
            Account bob = api.register("bob");
            assertThat(api.get("/api/v1/websocket/health", null).status()).isEqualTo(404);
            assertThat(api.post("/api/v1/message/action", Map.of("senderId", alice.username(), "receiverId", bob.username(), "content", "x"),
                    alice.token()).status()).isEqualTo(404);
            assertThat(CompatIT.handshakeStatus(URI.create("ws://127.0.0.1:" + api.port() + "/ws/c1?token=" + alice.token()), Map.of()))
                    .isEqualTo(404);
            assertThat(CompatIT.handshakeStatus(URI.create("ws://127.0.0.1:" + api.port() + EchoStream.PATH + "?token=" + alice.token()),
                    Map.of())).isEqualTo(404);
            // /ws is Parley's own protocol only: a frame of the demo shape lacks a type.
            try (WsClient a = WsClient.connect(api.port(), alice.token())) {
                a.send(Map.of("message", "hi", "recipientId", bob.username()));
                assertThat(a.awaitType("error").get("data").get("field").asString()).isEqualTo("type");
            }
        }
    }
}
