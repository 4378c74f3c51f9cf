package dev.parley.discovery;

import dev.parley.system.ClusterSettings;
import dev.parley.system.Role;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.cloud.netflix.eureka.EurekaInstanceConfigBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Optional registration with Eureka (docs/discovery.md), present only when the Eureka client is on
 * ({@link EurekaSwitch}). Spring Cloud does the registering: once the web server listens it registers
 * the node UP; when a clean stop begins (the context closes) it marks it DOWN, before the web
 * server and the WebSockets stop; and it cancels the registration when its Eureka client is
 * destroyed, after every lifecycle bean has stopped, i.e. after connections closed.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("eureka.client.enabled")
class DiscoveryConfiguration {

    @Bean
    NodeInstance nodeInstance(EurekaInstanceConfigBean instance, ClusterSettings cluster, Environment environment) {
        return new NodeInstance(instance, cluster.nodeId(), Role.of(environment));
    }

    @Bean
    NodeHealthCheck nodeHealthCheck(EurekaInstanceConfigBean instance, Environment environment) {
        return new NodeHealthCheck(environment, instance.getHealthCheckUrlPath());
    }
}
