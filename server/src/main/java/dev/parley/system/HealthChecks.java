package dev.parley.system;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs {@link ComponentHealth} checks the same way for {@code /health}, Actuator and the health
 * gauges: bounded in time, and a failure becomes DOWN with a fixed phrase (its text is logged at
 * DEBUG only, since a check that fails is asked again every few seconds).
 */
final class HealthChecks {

    static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final List<String> ORDER = List.of(ComponentHealth.UP, ComponentHealth.DEGRADED, ComponentHealth.DOWN);
    private static final Logger log = LoggerFactory.getLogger(HealthChecks.class);

    /** The node's state: the worst component's status, and each component's map, in check order. */
    record Report(String status, Map<String, Map<String, Object>> components) {
    }

    private HealthChecks() {
    }

    static Mono<Map<String, Object>> guarded(ComponentHealth component) {
        return Mono.defer(component::check)
                .timeout(TIMEOUT)
                .onErrorResume(e -> {
                    log.debug("Health check of {} failed", component.name(), e);
                    return Mono.just(down(FailurePhrase.of(e)));
                });
    }

    static Mono<Report> all(List<ComponentHealth> components) {
        return Flux.fromIterable(components)
                .flatMapSequential(component -> guarded(component).map(body -> Map.entry(component.name(), body)))
                .collectList()
                .map(entries -> {
                    Map<String, Map<String, Object>> all = new LinkedHashMap<>();
                    String status = ComponentHealth.UP;
                    for (Map.Entry<String, Map<String, Object>> entry : entries) {
                        all.put(entry.getKey(), entry.getValue());
                        status = worse(status, String.valueOf(entry.getValue().get("status")));
                    }
                    return new Report(status, all);
                });
    }

    static Map<String, Object> down(String phrase) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ComponentHealth.DOWN);
        body.put("error", phrase);
        return body;
    }

    /** An unknown status counts as DOWN. */
    static String worse(String a, String b) {
        return ORDER.get(Math.max(rank(a), rank(b)));
    }

    /** 1 for UP, 0.5 for DEGRADED, 0 for DOWN (or unknown): the value of the parley.health.status gauge. */
    static double value(String status) {
        return 1.0 - rank(status) / 2.0;
    }

    private static int rank(String status) {
        int rank = ORDER.indexOf(status);
        return rank < 0 ? 2 : rank;
    }
}
