package dev.parley.tracing;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns Parley's two tracing settings into Spring Boot's: the Zipkin reporter runs only when an
 * endpoint is set, and sampling is 0 without one (Boot's default of 0.1 would trace a tenth of all
 * messages into a reporter with nowhere to send them). Boot's own {@code management.tracing.*}
 * settings, when given, win: these are only defaults.
 */
class TracingDefaults implements EnvironmentPostProcessor {

    static final String SOURCE = "parley-tracing-defaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String endpoint = environment.getProperty("parley.tracing.zipkin-endpoint", "").trim();
        String sampling = environment.getProperty("parley.tracing.sampling", "").trim();
        Map<String, Object> defaults = new HashMap<>();
        defaults.put("management.tracing.export.zipkin.enabled", !endpoint.isEmpty());
        if (!endpoint.isEmpty()) {
            defaults.put("management.tracing.export.zipkin.endpoint", endpoint);
        }
        defaults.put("management.tracing.sampling.probability", sampling.isEmpty() ? (endpoint.isEmpty() ? "0.0" : "1.0") : sampling);
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
    }
}
