package dev.parley.system;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * {@code parley.health.status{component}}: 1 UP, 0.5 DEGRADED, 0 DOWN, for every /health component
 * and (cluster mode, on a router) {@code registry}, Redis as routing sees it. A background check
 * every {@link #EVERY} keeps the values, so a scrape never waits for the database or Kafka. A
 * change of status is logged once, when it happens.
 */
final class HealthGauges implements SmartLifecycle {

    static final String METER = "parley.health.status";
    static final Duration EVERY = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(HealthGauges.class);

    private final List<ComponentHealth> components;
    private final MeterRegistry meters;
    private final Map<String, String> statuses = new ConcurrentHashMap<>();
    private volatile Disposable refreshing;

    HealthGauges(List<ComponentHealth> components, MeterRegistry meters) {
        this.components = components;
        this.meters = meters;
    }

    @Override
    public void start() {
        refreshing = Flux.interval(Duration.ZERO, EVERY)
                .onBackpressureDrop() // a slow round skips ticks instead of queueing them
                .concatMap(tick -> HealthChecks.all(components), 1)
                .subscribe(this::record, error -> log.error("Health gauges stopped", error));
    }

    @Override
    public void stop() {
        Disposable running = refreshing;
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable running = refreshing;
        return running != null && !running.isDisposed();
    }

    private void record(HealthChecks.Report report) {
        report.components().forEach((name, body) -> {
            String status = String.valueOf(body.get("status"));
            update(name, status, body.get("error"));
            if (body.get("registry") instanceof String registry) {
                update("registry", registry.equals("up") ? ComponentHealth.UP : ComponentHealth.DOWN, null);
            }
        });
    }

    private void update(String component, String status, Object error) {
        String before = statuses.put(component, status);
        if (before == null) {
            Gauge.builder(METER, statuses, s -> HealthChecks.value(s.get(component)))
                    .tag("component", component)
                    .description("Health of a node's component: 1 UP, 0.5 DEGRADED, 0 DOWN (as in /health)")
                    .register(meters);
        }
        if (!status.equals(before) && (before != null || !status.equals(ComponentHealth.UP))) {
            String reason = error == null ? "" : " (" + error + ")";
            if (status.equals(ComponentHealth.UP)) {
                log.info("Health: {} is UP again, was {}", component, before);
            } else {
                log.warn("Health: {} is {}{}, was {}", component, status, reason, before == null ? "starting" : before);
            }
        }
    }
}
