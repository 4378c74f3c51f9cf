package dev.parley.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /health}: the database, the log, and every {@link ComponentHealth} (live routing, the
 * archive). 200 with {@code UP} or {@code DEGRADED} (serving, but something lags or fails and says
 * what), 503 with {@code DOWN} when the database or Kafka does not answer or a component stopped.
 */
@RestController
class HealthController {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final JdbcClient jdbc;
    private final Admin kafka;
    private final Blocking blocking;
    private final List<ComponentHealth> components;

    HealthController(JdbcClient jdbc, Admin kafka, Blocking blocking, List<ComponentHealth> components) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.blocking = blocking;
        this.components = components;
    }

    @GetMapping("/health")
    Mono<ResponseEntity<Map<String, Object>>> health() {
        List<Mono<Map.Entry<String, Map<String, Object>>>> checks = new ArrayList<>();
        checks.add(database().map(body -> Map.entry("database", body)));
        checks.add(kafka().map(body -> Map.entry("kafka", body)));
        for (ComponentHealth component : components) {
            checks.add(component.check().timeout(TIMEOUT).onErrorResume(e -> Mono.just(down(e))).map(body -> Map.entry(component.name(), body)));
        }
        return Flux.concat(checks).collectList().map(entries -> {
            Map<String, Object> all = new LinkedHashMap<>();
            String status = ComponentHealth.UP;
            for (Map.Entry<String, Map<String, Object>> entry : entries) {
                all.put(entry.getKey(), entry.getValue());
                status = worse(status, String.valueOf(entry.getValue().get("status")));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", status);
            body.put("components", all);
            return ResponseEntity.status(ComponentHealth.DOWN.equals(status) ? 503 : 200).body(body);
        });
    }

    private static String worse(String a, String b) {
        List<String> order = List.of(ComponentHealth.UP, ComponentHealth.DEGRADED, ComponentHealth.DOWN);
        int ia = order.indexOf(a);
        int ib = order.indexOf(b);
        return order.get(Math.max(ia < 0 ? 2 : ia, ib < 0 ? 2 : ib));
    }

    private Mono<Map<String, Object>> database() {
        return blocking.call(() -> jdbc.sql("SELECT 1").query(Integer.class).single())
                .timeout(TIMEOUT)
                .map(ignored -> Map.<String, Object>of("status", ComponentHealth.UP))
                .onErrorResume(e -> Mono.just(down(e)));
    }

    private Mono<Map<String, Object>> kafka() {
        DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis());
        return Mono.fromFuture(kafka.describeCluster(options).nodes().toCompletionStage().toCompletableFuture())
                .timeout(TIMEOUT.plusSeconds(1))
                .map(nodes -> nodes.isEmpty() ? down(new IllegalStateException("no brokers"))
                        : Map.<String, Object>of("status", ComponentHealth.UP, "brokers", nodes.size()))
                .onErrorResume(e -> Mono.just(down(e)));
    }

    private static Map<String, Object> down(Throwable e) {
        String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return Map.of("status", ComponentHealth.DOWN, "error", reason);
    }
}
