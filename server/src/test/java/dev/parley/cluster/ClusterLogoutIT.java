package dev.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.parley.log.TestBroker;
import dev.parley.support.ParleyNode;
import dev.parley.support.Postgres;
import dev.parley.support.TestApi.Account;
import dev.parley.support.TestApi.Response;
import dev.parley.support.TestDirs;
import dev.parley.support.WsClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes sharing one database (and Kafka and Redis, as in {@link ClusterIT}): a logout on one
 * is refused on the other within the revocation poll interval, and the other node closes the
 * token's open WebSocket there.
 */
class ClusterLogoutIT {

    private static TestBroker kafka;
    private static ParleyNode a;
    private static ParleyNode b;

    @BeforeAll
    static void start() {
        kafka = TestBroker.start(TestDirs.fresh("logout-kafka").resolve("kafka"), 3);
        String database = Postgres.freshDatabase("logout");
        String prefix = "parley-test-" + UUID.randomUUID().toString().substring(0, 8);
        a = ParleyNode.start(TestDirs.fresh("logout-a"), ClusterIT.node("a", kafka, database, prefix));
        b = ParleyNode.start(TestDirs.fresh("logout-b"), ClusterIT.node("b", kafka, database, prefix));
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        kafka.close();
    }

    @Test
    void aLogoutOnOneNodeIsRefusedOnTheOtherAndClosesItsSocketThere() throws Exception {
        Account eve = a.api().register("cluster-logout");
        assertThat(b.api().get("/api/v1/users/me", eve.token()).status()).isEqualTo(200);
        try (WsClient onB = WsClient.connect(b.port(), eve.token())) {
            onB.send(Map.of("type", "ping"));
            onB.awaitType("pong");

            assertThat(a.api().post("/api/v1/auth/logout", "{}", eve.token()).status()).isEqualTo(204);

            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Response me = b.api().get("/api/v1/users/me", eve.token());
                assertThat(me.status()).isEqualTo(401);
                assertThat(me.body().get("code").asString()).isEqualTo("token_revoked");
            });
            assertThat(onB.closed().get(10, TimeUnit.SECONDS)).isEqualTo(4003);
        }
    }
}
