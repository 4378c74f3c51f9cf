package dev.parley.routing;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.parley.log.Backlogs;
import dev.parley.system.ComponentHealth;
import reactor.core.publisher.Mono;

/** Live routing in /health: its lag behind the log; DEGRADED past its bound (sends are refused then), DOWN if it stopped. */
final class RoutingHealth implements ComponentHealth {

    private final Backlogs backlogs;

    RoutingHealth(Backlogs backlogs) {
        this.backlogs = backlogs;
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
        body.put("status", !routing.running() ? DOWN : routing.exceeded() ? DEGRADED : UP);
        body.put("lagMessages", routing.lag().messages());
        body.put("lagMs", routing.lag().millis());
        return Mono.just(body);
    }
}
