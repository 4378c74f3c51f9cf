package dev.parley.discovery;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The one switch: {@code parley.discovery.eureka-url} turns Spring Cloud's Eureka client on and
 * points it at that URL; without it Spring Cloud stays inert (no Eureka client, no discovery
 * client, no refresh scope), so a node starts as it did before Spring Cloud was on the classpath.
 * Added as the lowest-precedence property source: whatever an operator sets under {@code eureka.*}
 * or {@code spring.cloud.*} wins. Registered in META-INF/spring.factories, since conditions read
 * these values before any bean exists.
 */
final class EurekaSwitch implements EnvironmentPostProcessor {

    static final String SOURCE = "parleyDiscovery";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        // Binding the record validates the setting here, before anything else starts.
        DiscoverySettings settings = Binder.get(environment).bindOrCreate("parley.discovery", Bindable.of(DiscoverySettings.class));
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, properties(settings)));
    }

    static Map<String, Object> properties(DiscoverySettings settings) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (settings.enabled()) {
            // The refresh scope stays on: Spring Cloud then creates the Eureka client lazily, at
            // registration, once the web server's port is known (NodeInstance relies on that).
            properties.put("eureka.client.enabled", true);
            properties.put("eureka.client.service-url.defaultZone", settings.eurekaUrl());
        } else {
            properties.put("eureka.client.enabled", false);
            properties.put("spring.cloud.discovery.enabled", false);
            properties.put("spring.cloud.refresh.enabled", false);
        }
        return properties;
    }
}
