package dev.parley.system;

import java.util.Map;

import reactor.core.publisher.Mono;

/**
 * One component of {@code GET /health}: its name and a status map with at least {@code status}
 * ({@code UP}, {@code DEGRADED} or {@code DOWN}). The node is as healthy as its worst component.
 */
public interface ComponentHealth {

    String UP = "UP";
    String DEGRADED = "DEGRADED";
    String DOWN = "DOWN";

    String name();

    Mono<Map<String, Object>> check();
}
