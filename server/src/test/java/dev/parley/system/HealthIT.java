package dev.parley.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.parley.log.EmbeddedKafkaBroker;
import dev.parley.support.ParleyNode;
import dev.parley.support.Postgres;
import dev.parley.support.TestApi;
import dev.parley.support.TestDirs;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import tools.jackson.databind.JsonNode;

/**
 * The probes and /health of a node alone on PostgreSQL: what readiness and liveness contain, what a
 * database outage and a Kafka outage do to each, the health gauges, and which Actuator endpoints
 * answer over HTTP.
 */
class HealthIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> PHRASES = List.of("timeout", "unreachable", "busy", "failed", "no brokers");

    private static String database;
    private static ParleyNode node;
    private static TestApi api;

    @BeforeAll
    static void start() {
        database = Postgres.freshDatabaseName("health");
        node = ParleyNode.start(TestDirs.fresh("health"), Map.of(
                "parley.database.url", Postgres.url(database),
                "parley.database.username", Postgres.USER,
                "parley.database.password", Postgres.PASSWORD));
        api = node.api();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void readinessHoldsWhatTheNodeNeedsToServeAndLivenessNothingExternal() {
        TestApi.Response readiness = api.get("/actuator/health/readiness", null);
        TestApi.Response liveness = api.get("/actuator/health/liveness", null);

        assertThat(readiness.status()).isEqualTo(200);
        assertThat(names(readiness.body().get("components"))).containsExactlyInAnyOrder("readinessState", "kafka", "routing");
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(names(liveness.body().get("components"))).containsExactly("livenessState");
        assertThat(api.get("/readyz", null).status()).isEqualTo(200);
        assertThat(api.get("/livez", null).status()).isEqualTo(200);
        // The whole picture has every /health component under the same name, without details.
        JsonNode all = api.get("/actuator/health", null).body().get("components");
        assertThat(names(all)).contains("database", "kafka", "routing", "archive", "gateway").doesNotContain("db");
        assertThat(all.get("kafka").has("details")).isFalse();
        // /health keeps its documented shape.
        JsonNode health = api.get("/health", null).body();
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(names(health.get("components"))).containsExactly("database", "kafka", "archive", "gateway", "routing");
        assertThat(health.get("components").get("kafka").get("brokers").asInt()).isEqualTo(1);
    }

    @Test
    void aDatabaseOutageShowsInHealthWithAFixedPhraseAndLeavesTheNodeReady() {
        Postgres.setAvailable(database, false);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                TestApi.Response health = api.get("/health", null);
                assertThat(health.status()).isEqualTo(503);
                JsonNode db = health.body().get("components").get("database");
                assertThat(db.get("status").asString()).isEqualTo("DOWN");
                assertThat(db.get("error").asString()).isIn(PHRASES);
                assertThat(gauge("database")).isEqualTo("0.0");
            });
            String body = api.get("/health", null).body().toString();
            assertThat(body).doesNotContainIgnoringCase("exception").doesNotContain("FATAL", "jdbc", database, "127.0.0.1");
            assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);
            assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
        } finally {
            Postgres.setAvailable(database, true);
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(api.get("/health", null).body().get("components").get("database").get("status").asString()).isEqualTo("UP");
            assertThat(gauge("database")).isEqualTo("1.0");
        });
    }

    @Test
    void withoutKafkaTheNodeIsNotReadyButStaysAlive() {
        EmbeddedKafkaBroker broker = node.bean(EmbeddedKafkaBroker.class);
        broker.stop();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                TestApi.Response readiness = api.get("/actuator/health/readiness", null);
                assertThat(readiness.status()).isEqualTo(503);
                assertThat(readiness.body().get("components").get("kafka").get("status").asString()).isEqualTo("DOWN");
                assertThat(gauge("kafka")).isEqualTo("0.0");
            });
            JsonNode kafka = api.get("/health", null).body().get("components").get("kafka");
            assertThat(kafka.get("error").asString()).isIn(PHRASES);
            assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
        } finally {
            broker.start();
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/actuator/health/readiness", null).status() == 200);
    }

    @Test
    void readinessTurnsDownAsSoonAsTheNodeRefusesTraffic() {
        ApplicationAvailabilityBean availability = node.bean(ApplicationAvailabilityBean.class);
        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, ReadinessState.REFUSING_TRAFFIC)); // what closing the context does first
        try {
            TestApi.Response readiness = api.get("/actuator/health/readiness", null);
            assertThat(readiness.status()).isEqualTo(503);
            assertThat(readiness.body().get("components").get("readinessState").get("status").asString()).isEqualTo("OUT_OF_SERVICE");
            assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
        } finally {
            availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, ReadinessState.ACCEPTING_TRAFFIC));
        }
        assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);
    }

    @Test
    void probesAndMetricsAreExposedButNothingThatShowsConfiguration() throws Exception {
        for (String path : List.of("/actuator/info", "/actuator/metrics", "/actuator/prometheus", "/actuator/metrics/parley.health.status")) {
            assertThat(status(path)).as(path).isEqualTo(200);
        }
        for (String path : List.of("/actuator/env", "/actuator/configprops", "/actuator/beans", "/actuator/heapdump", "/actuator/loggers",
                "/actuator/threaddump", "/actuator/mappings", "/actuator/shutdown")) {
            assertThat(status(path)).as(path).isEqualTo(404);
        }
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            for (String component : List.of("database", "kafka", "routing", "archive", "gateway")) {
                assertThat(gauge(component)).as(component).isEqualTo("1.0");
            }
        });
    }

    /** The value of parley_health_status{component=...} in the Prometheus scrape, or null. */
    private static String gauge(String component) throws Exception {
        String prefix = "parley_health_status{component=\"" + component + "\"} ";
        HttpResponse<String> scrape = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        return scrape.body().lines().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length())).findFirst().orElse(null);
    }

    private static int status(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static List<String> names(JsonNode components) {
        return components.propertyNames().stream().toList();
    }
}
