package dev.parley.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.parley.log.Backlogs;
import dev.parley.system.ComponentHealth;
import reactor.core.publisher.Mono;

/** The gateway in /health: open connections and users, and how late the event loops run; DEGRADED past its bound (sends are refused then). */
final class GatewayHealth implements ComponentHealth {

    static final String STAGE = "gateway";

    private final Backlogs backlogs;
    private final SessionRegistry registry;

    GatewayHealth(Backlogs backlogs, SessionRegistry registry) {
        this.backlogs = backlogs;
        this.registry = registry;
    }

    @Override
    public String name() {
        return STAGE;
    }

    @Override
    public Mono<Map<String, Object>> check() {
        Backlogs.Backlog loops = backlogs.all().get(STAGE);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", loops != null && loops.exceeded() ? DEGRADED : UP);
        body.put("eventLoopLagMs", loops == null ? 0 : loops.lag().millis());
        body.put("connectedUsers", registry.connectedUsers());
        body.put("connections", registry.connections());
        return Mono.just(body);
    }
}
