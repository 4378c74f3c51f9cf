package dev.parley.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.netflix.appinfo.ApplicationInfoManager;
import com.netflix.appinfo.HealthCheckHandler;
import com.netflix.discovery.EurekaClient;
import dev.parley.log.EmbeddedKafkaBroker;
import dev.parley.support.Json;
import dev.parley.support.ParleyNode;
import dev.parley.support.SharedNode;
import dev.parley.support.TestApi.Account;
import dev.parley.support.TestDirs;
import dev.parley.support.WsClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import tools.jackson.databind.JsonNode;

/**
 * A Parley node against a real Eureka server started in this JVM: it registers under its node id
 * with its health check and WebSocket URLs, its status in Eureka follows its own /health, and a
 * clean stop takes it out of the registry. Everything is asked of the server's REST API, as any
 * Eureka client would. A node without the setting has no Eureka client at all.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EurekaIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static TestEurekaServer eureka;
    private static ParleyNode node;
    private static String nodeId;

    @BeforeAll
    static void start() {
        eureka = TestEurekaServer.start();
        nodeId = "eureka-it-" + UUID.randomUUID().toString().substring(0, 8);
        node = ParleyNode.start(TestDirs.fresh("eureka"), Map.of(
                "parley.discovery.eureka-url", eureka.serviceUrl(),
                "parley.cluster.node-id", nodeId,
                // Advertise loopback, so the URLs registered are reachable here and deterministic.
                "eureka.instance.hostname", "127.0.0.1",
                // Health changes reach Eureka within a second instead of Eureka's default 30 s.
                "eureka.client.instance-info-replication-interval-seconds", "1"));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (eureka != null) {
            eureka.close();
        }
    }

    @Test
    @Order(1)
    void aNodeWithoutAEurekaUrlHasNoEurekaClientAndStaysReactive() {
        ParleyNode plain = SharedNode.get();
        // Eureka's threads belong to its client, so no client means no threads.
        assertThat(plain.beanNames(EurekaClient.class)).isEmpty();
        assertThat(plain.beanNames(ApplicationInfoManager.class)).isEmpty();
        assertThat(plain.beanNames(HealthCheckHandler.class)).isEmpty();
        assertThat(plain.beanNames(RefreshScope.class)).isEmpty();
        assertThat(node.beanNames(EurekaClient.class)).isNotEmpty();
        // The test classpath has Tomcat, Spring MVC and Jersey (the Eureka server's); Parley still runs on Reactor Netty.
        assertThat(plain.bean(ReactiveWebServerFactory.class)).isInstanceOf(NettyReactiveWebServerFactory.class);
        assertThat(node.bean(ReactiveWebServerFactory.class)).isInstanceOf(NettyReactiveWebServerFactory.class);
    }

    @Test
    @Order(2)
    void aNodeRegistersUnderItsNodeIdWithItsHealthAndWebSocketUrls() {
        int port = node.port();
        JsonNode instance = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> instance(nodeId), found -> found.isPresent() && "UP".equals(found.get().get("status").asString()))
                .orElseThrow();

        assertThat(instance.get("app").asString()).isEqualTo("PARLEY");
        assertThat(instance.get("hostName").asString()).isEqualTo("127.0.0.1");
        assertThat(instance.get("port").get("$").asInt()).isEqualTo(port);
        assertThat(instance.get("healthCheckUrl").asString()).isEqualTo("http://127.0.0.1:" + port + "/health");
        assertThat(instance.get("statusPageUrl").asString()).isEqualTo("http://127.0.0.1:" + port + "/health");
        assertThat(instance.get("homePageUrl").asString()).isEqualTo("http://127.0.0.1:" + port + "/");
        JsonNode metadata = instance.get("metadata");
        assertThat(metadata.get("ws-url").asString()).isEqualTo("ws://127.0.0.1:" + port + "/ws");
        assertThat(metadata.get("roles").asString()).isEqualTo("gateway,router,archiver");
        assertThat(metadata.get("node-id").asString()).isEqualTo(nodeId);

        // The advertised URL is one a client can use.
        Account alice = node.api().register("alice");
        try (WsClient client = WsClient.connect(URI.create(metadata.get("ws-url").asString() + "?token=" + alice.token()), Map.of())) {
            client.send(Map.of("type", "ping"));
            client.awaitType("pong");
        }
    }

    @Test
    @Order(3)
    void theStatusInEurekaFollowsTheNodesOwnHealth() {
        EmbeddedKafkaBroker broker = node.bean(EmbeddedKafkaBroker.class);
        broker.stop();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> status(nodeId), "DOWN"::equals);
            assertThat(node.api().get("/health", null).status()).isEqualTo(503);
        } finally {
            broker.start();
        }
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> status(nodeId), "UP"::equals);
        assertThat(node.api().get("/health", null).status()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void aCleanStopTakesTheNodeOutOfTheRegistry() {
        assertThat(instance(nodeId)).isPresent();
        assertThat(eurekaClientThreads()).isNotEmpty();
        node.close();
        node = null;
        // Well before Eureka would expire the lease (90 s) and evict it: the node cancelled its registration.
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> instance(nodeId).isEmpty());
        // The standalone test server runs no client threads of its own, so these were the node's.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> eurekaClientThreads().isEmpty());
    }

    private static List<String> eurekaClientThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(name -> name.startsWith("DiscoveryClient-")).toList();
    }

    private static String status(String instanceId) {
        return instance(instanceId).map(found -> found.get("status").asString()).orElse("absent");
    }

    /** The instance with this id in GET /eureka/apps, if any. */
    private static Optional<JsonNode> instance(String instanceId) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode application : list(apps().get("applications").get("application"))) {
            for (JsonNode instance : list(application.get("instance"))) {
                if (instanceId.equals(instance.get("instanceId").asString())) {
                    found.add(instance);
                }
            }
        }
        assertThat(found).hasSizeLessThanOrEqualTo(1);
        return found.stream().findFirst();
    }

    private static JsonNode apps() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(eureka.serviceUrl() + "apps"))
                    .header("Accept", "application/json").timeout(Duration.ofSeconds(5)).GET().build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return Json.read(response.body());
        } catch (Exception e) {
            throw new AssertionError("GET /eureka/apps failed", e);
        }
    }

    /** Eureka's JSON writes a one-element list as the element itself in some versions: accept both. */
    private static List<JsonNode> list(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return items;
        }
        if (node.isArray()) {
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        return items;
    }
}
