package dev.parley.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The health checks against things that really fail: what they report, and that no exception text gets out. */
class HealthChecksTest {

    @Test
    void aDatabaseThatRefusesConnectionsIsDownAsUnreachable() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                "jdbc:postgresql://127.0.0.1:" + closedPort() + "/parley", "parley", "the-database-password");
        Blocking blocking = new Blocking(Schedulers.newBoundedElastic(2, 10, "health-test"));
        try {
            Map<String, Object> body = HealthChecks.guarded(new DatabaseHealth(JdbcClient.create(dataSource), blocking)).block();

            assertThat(body).isEqualTo(Map.of("status", "DOWN", "error", "unreachable"));
        } finally {
            blocking.dispose();
        }
    }

    @Test
    void kafkaThatDoesNotAnswerIsDownWithinTheCheckTimeout() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort(),
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200))) {
            long started = System.nanoTime();
            Map<String, Object> body = HealthChecks.guarded(new KafkaHealth(admin)).block();

            assertThat(body.get("status")).isEqualTo("DOWN");
            assertThat(body.get("error")).isIn("timeout", "unreachable");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(HealthChecks.TIMEOUT.plusSeconds(1));
        }
    }

    @Test
    void aFailingCheckShowsAFixedPhraseNeverItsExceptionText() {
        ComponentHealth failing = component("archive", Mono.error(new IllegalStateException(
                "could not write to jdbc:postgresql://db:5432/parley?user=parley&password=hunter2")));

        HealthChecks.Report report = HealthChecks.all(List.of(failing)).block();

        assertThat(report.status()).isEqualTo("DOWN");
        assertThat(report.components().get("archive")).isEqualTo(Map.of("status", "DOWN", "error", "failed"));
        assertThat(failing.health().block().getDetails()).isEqualTo(Map.of("error", "failed"));
    }

    @Test
    void aCheckThatNeverAnswersIsDownAsTimeout() {
        Map<String, Object> body = HealthChecks.guarded(component("routing", Mono.never())).block(Duration.ofSeconds(10));

        assertThat(body).isEqualTo(Map.of("status", "DOWN", "error", "timeout"));
    }

    @Test
    void theNodeIsAsHealthyAsItsWorstComponentInCheckOrder() {
        ComponentHealth up = component("database", Mono.just(Map.of("status", "UP")));
        ComponentHealth degraded = component("routing", Mono.just(Map.of("status", "DEGRADED", "lagMs", 2500)));
        ComponentHealth unknown = component("archive", Mono.just(Map.of("status", "SIDEWAYS")));

        assertThat(HealthChecks.all(List.of(up)).block().status()).isEqualTo("UP");
        assertThat(HealthChecks.all(List.of(up, degraded)).block().status()).isEqualTo("DEGRADED");
        HealthChecks.Report all = HealthChecks.all(List.of(up, degraded, unknown)).block();
        assertThat(all.status()).isEqualTo("DOWN");
        assertThat(all.components()).containsOnlyKeys("database", "routing", "archive");
        assertThat(List.copyOf(all.components().keySet())).containsExactly("database", "routing", "archive");
    }

    @Test
    void actuatorSeesTheSameStatusAndDetails() {
        Health health = component("routing", Mono.just(Map.of("status", "DEGRADED", "lagMs", 2500))).health().block();

        assertThat(health.getStatus().getCode()).isEqualTo("DEGRADED");
        assertThat(health.getDetails()).isEqualTo(Map.of("lagMs", 2500));
    }

    @Test
    void theGaugesFollowTheChecksInTheBackground() {
        AtomicReference<Map<String, Object>> kafka = new AtomicReference<>(Map.of("status", "UP"));
        AtomicReference<Map<String, Object>> routing = new AtomicReference<>(Map.of("status", "UP", "registry", "up"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        HealthGauges gauges = new HealthGauges(List.of(component("kafka", Mono.fromSupplier(kafka::get)),
                component("routing", Mono.fromSupplier(routing::get))), meters);
        gauges.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(gauge(meters, "kafka")).isEqualTo(1.0);
                assertThat(gauge(meters, "registry")).isEqualTo(1.0);
            });
            kafka.set(Map.of("status", "DOWN", "error", "timeout"));
            routing.set(Map.of("status", "DEGRADED", "registry", "unavailable: broadcasting to every node"));
            Awaitility.await().atMost(HealthGauges.EVERY.multipliedBy(2)).untilAsserted(() -> {
                assertThat(gauge(meters, "kafka")).isEqualTo(0.0);
                assertThat(gauge(meters, "routing")).isEqualTo(0.5);
                assertThat(gauge(meters, "registry")).isEqualTo(0.0);
            });
        } finally {
            gauges.stop();
        }
        assertThat(gauges.isRunning()).isFalse();
    }

    @Test
    void failuresBecomePhrasesByWhatTheyAre() {
        assertThat(FailurePhrase.of(new java.util.concurrent.TimeoutException("Did not observe any item within 3000ms"))).isEqualTo("timeout");
        assertThat(FailurePhrase.of(new RuntimeException("wrapped", new java.net.ConnectException("Connection refused: db/10.0.0.5:5432"))))
                .isEqualTo("unreachable");
        assertThat(FailurePhrase.of(ParleyError.unavailable("database_unavailable", "The database is not available"))).isEqualTo("unreachable");
        assertThat(FailurePhrase.of(ParleyError.overloaded("busy", 500))).isEqualTo("busy");
        assertThat(FailurePhrase.of(new org.apache.kafka.common.errors.TimeoutException("Timed out waiting for a node assignment")))
                .isEqualTo("timeout");
        assertThat(FailurePhrase.of(new IllegalStateException("anything else"))).isEqualTo("failed");
    }

    private static Double gauge(SimpleMeterRegistry meters, String component) {
        var gauge = meters.find(HealthGauges.METER).tag("component", component).gauge();
        return gauge == null ? null : gauge.value();
    }

    private static ComponentHealth component(String name, Mono<Map<String, Object>> check) {
        return new ComponentHealth() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Mono<Map<String, Object>> check() {
                return check;
            }
        };
    }

    /** A port nothing listens on: connections to it are refused at once. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
