package dev.parley.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /health}: every {@link ComponentHealth} (the database, Kafka, live routing, the
 * archive, the gateway), checked now. 200 with {@code UP} or {@code DEGRADED} (serving, but
 * something lags or fails and says what), 503 with {@code DOWN} when the database or Kafka does not
 * answer or a component stopped. Orchestrators use Actuator's probes instead (docs/configuration.md).
 */
@RestController
class HealthController {

    private final List<ComponentHealth> components;

    HealthController(List<ComponentHealth> components) {
        this.components = components;
    }

    @GetMapping("/health")
    Mono<ResponseEntity<Map<String, Object>>> health() {
        return HealthChecks.all(components).map(report -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", report.status());
            body.put("components", report.components());
            return ResponseEntity.status(ComponentHealth.DOWN.equals(report.status()) ? 503 : 200).body(body);
        });
    }
}
