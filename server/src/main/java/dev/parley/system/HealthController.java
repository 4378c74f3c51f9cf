package dev.parley.system;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /health}: 200 when the log and the database both answer, 503 otherwise. */
@RestController
class HealthController {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final JdbcClient jdbc;
    private final Admin kafka;
    private final Blocking blocking;

    HealthController(JdbcClient jdbc, Admin kafka, Blocking blocking) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.blocking = blocking;
    }

    @GetMapping("/health")
    Mono<ResponseEntity<Map<String, Object>>> health() {
        return Mono.zip(database(), kafka()).map(checks -> {
            boolean up = "UP".equals(checks.getT1().get("status")) && "UP".equals(checks.getT2().get("status"));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", up ? "UP" : "DOWN");
            body.put("components", Map.of("database", checks.getT1(), "kafka", checks.getT2()));
            return ResponseEntity.status(up ? 200 : 503).body(body);
        });
    }

    private Mono<Map<String, Object>> database() {
        return blocking.call(() -> jdbc.sql("SELECT 1").query(Integer.class).single())
                .timeout(TIMEOUT)
                .map(ignored -> Map.<String, Object>of("status", "UP"))
                .onErrorResume(e -> Mono.just(down(e)));
    }

    private Mono<Map<String, Object>> kafka() {
        DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis());
        return Mono.fromFuture(kafka.describeCluster(options).nodes().toCompletionStage().toCompletableFuture())
                .timeout(TIMEOUT.plusSeconds(1))
                .map(nodes -> nodes.isEmpty() ? down(new IllegalStateException("no brokers"))
                        : Map.<String, Object>of("status", "UP", "brokers", nodes.size()))
                .onErrorResume(e -> Mono.just(down(e)));
    }

    private static Map<String, Object> down(Throwable e) {
        String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return Map.of("status", "DOWN", "error", reason);
    }
}
