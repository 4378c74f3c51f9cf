package dev.parley.system;

import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import reactor.core.publisher.Mono;

/** Kafka in /health: whether the cluster answers, and with how many brokers. */
final class KafkaHealth implements ComponentHealth {

    /** Kafka's own bound, a little inside the check timeout so that Kafka says why it gave up. */
    private static final int ADMIN_TIMEOUT_MS = (int) HealthChecks.TIMEOUT.toMillis() - 500;

    private final Admin kafka;

    KafkaHealth(Admin kafka) {
        this.kafka = kafka;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public Mono<Map<String, Object>> check() {
        DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs(ADMIN_TIMEOUT_MS);
        return Mono.fromFuture(() -> kafka.describeCluster(options).nodes().toCompletionStage().toCompletableFuture())
                .map(nodes -> nodes.isEmpty() ? HealthChecks.down("no brokers")
                        : Map.of("status", UP, "brokers", nodes.size()));
    }
}
