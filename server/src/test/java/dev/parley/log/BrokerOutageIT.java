package dev.parley.log;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.newId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import dev.parley.support.ParleyNode;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.TestDirs;
import dev.parley.support.WsClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** An ack means the log has the message: with the broker gone there is no ack, only an error to retry on. */
class BrokerOutageIT {

    private static ParleyNode node;
    private static TestApi api;

    @BeforeAll
    static void start() {
        node = ParleyNode.start(TestDirs.fresh("outage"), Map.of());
        api = node.api();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void withoutTheBrokerNoAckIsSentAndTheRetryAfterwardsIsDeliveredExactlyOnce() {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        EmbeddedKafkaBroker broker = node.bean(EmbeddedKafkaBroker.class);
        try (WsClient a = WsClient.connect(api.port(), alice.token()); WsClient b = WsClient.connect(api.port(), bob.token())) {
            String before = newId();
            a.send(dm(before, bob.username(), "before the outage"));
            b.awaitData("message.create", "clientMsgId", before);

            broker.stop();
            try {
                String during = newId();
                a.send(dm(during, bob.username(), "during the outage"));
                JsonNode error = a.awaitData("error", "ref", during).get("data");
                assertThat(error.get("code").asString()).isEqualTo("not_stored");
                assertThat(a.frames("message.ack")).extracting(f -> f.get("data").get("clientMsgId").asString()).containsExactly(before);

                TestApi.Response rest = api.post("/api/v1/messages", Map.of("clientMsgId", newId(), "to", bob.username(), "content", "rest"), alice.token());
                assertThat(rest.status()).isEqualTo(503);
                assertThat(rest.body().get("code").asString()).isEqualTo("not_stored");
                assertThat(api.get("/health", null).status()).isEqualTo(503);
            } finally {
                broker.start();
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/health", null).status() == 200);

            String retried = a.frames("error").getLast().get("data").get("ref").asString();
            a.send(dm(retried, bob.username(), "during the outage"));
            a.awaitData("message.ack", "clientMsgId", retried);
            b.awaitData("message.create", "clientMsgId", retried);
            String after = newId();
            a.send(dm(after, bob.username(), "after"));
            b.awaitData("message.create", "clientMsgId", after);
            assertThat(b.frames("message.create")).extracting(f -> f.get("data").get("clientMsgId").asString())
                    .containsExactly(before, retried, after);
        }
    }
}
