package dev.parley.routing;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.parley.log.Backlogs;
import dev.parley.system.ComponentHealth;
import reactor.core.publisher.Mono;

/**
 * Live routing in /health: its lag behind the log; DEGRADED past its bound (sends are refused then)
 * or while it broadcasts to every node because the registry is away; DOWN if it stopped.
 */
final class RoutingHealth implements ComponentHealth {

    private final Backlogs backlogs;
    private final NodeLookup nodes;

    RoutingHealth(Backlogs backlogs, NodeLookup nodes) {
        this.backlogs = backlogs;
        this.nodes = nodes;
    }

    @Override
    public String name() {
        return "routing";
    }

    @Override
    public Mono<Map<String, Object>> check() {
        Backlogs.Backlog routing = backlogs.all().get(RoutingConfiguration.BACKLOG);
        Map<String, Object> body = new LinkedHashMap<>();
        if (routing == null) {
            body.put("status", DOWN);
            return Mono.just(body);
        }
        boolean broadcasting = nodes.broadcasting();
        body.put("status", !routing.running() ? DOWN : routing.exceeded() || broadcasting ? DEGRADED : UP);
        body.put("lagMessages", routing.lag().messages());
        body.put("lagMs", routing.lag().millis());
        if (nodes.clustered()) {
            body.put("registry", broadcasting ? "unavailable: broadcasting to every node" : "up");
        }
        return Mono.just(body);
    }
}
