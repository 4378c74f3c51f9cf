package dev.parley.log;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.newId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.parley.support.ParleyNode;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.TestDirs;
import dev.parley.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With a bootstrap address configured, the node uses that Kafka and starts no broker of its own. */
class ExternalKafkaIT {

    private static EmbeddedKafkaBroker external;
    private static ParleyNode node;

    @BeforeAll
    static void start() {
        external = new EmbeddedKafkaBroker(TestDirs.fresh("external-kafka").resolve("kafka"), 0, 3);
        external.start();
        node = ParleyNode.start(TestDirs.fresh("external-node"), Map.of("parley.kafka.bootstrap-servers", external.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        node.close();
        external.stop();
    }

    @Test
    void theNodeUsesTheConfiguredClusterAndStartsNoBroker() {
        assertThat(node.bean(KafkaBootstrap.class)).isEqualTo(new KafkaBootstrap(external.bootstrapServers(), false));
        assertThat(node.beanNames(EmbeddedKafkaBroker.class)).isEmpty();

        TestApi api = node.api();
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        try (WsClient a = WsClient.connect(api.port(), alice.token()); WsClient b = WsClient.connect(api.port(), bob.token())) {
            String id = newId();
            a.send(dm(id, bob.username(), "through the external cluster"));
            a.awaitData("message.ack", "clientMsgId", id);
            b.awaitData("message.create", "clientMsgId", id);
        }
        assertThat(api.get("/health", null).body().get("components").get("kafka").get("status").asString()).isEqualTo("UP");
    }
}
