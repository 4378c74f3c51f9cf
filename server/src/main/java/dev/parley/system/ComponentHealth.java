package dev.parley.system;

import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * One component of {@code GET /health}: its name and a status map with at least {@code status}
 * ({@code UP}, {@code DEGRADED} or {@code DOWN}). The node is as healthy as its worst component.
 * <p>
 * Each is also an Actuator health indicator named like its bean without the {@code Health}
 * suffix ({@code routingHealth} → {@code routing}, the same as {@link #name()}), so the
 * liveness and readiness groups can include it (application.yml). An {@code error} in the map is
 * a short fixed phrase ({@link FailurePhrase}), never exception text.
 */
public interface ComponentHealth extends ReactiveHealthIndicator {

    String UP = "UP";
    String DEGRADED = "DEGRADED";
    String DOWN = "DOWN";

    String name();

    Mono<Map<String, Object>> check();

    /** The same check for Actuator: DEGRADED stays its own status (mapped to 200 and ordered between DOWN and UP). */
    @Override
    default Mono<Health> health() {
        return HealthChecks.guarded(this).map(body -> {
            Health.Builder health = Health.status(String.valueOf(body.get("status")));
            body.forEach((key, value) -> {
                if (!key.equals("status")) {
                    health.withDetail(key, value);
                }
            });
            return health.build();
        });
    }
}
