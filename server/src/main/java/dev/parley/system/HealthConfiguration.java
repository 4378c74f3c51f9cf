package dev.parley.system;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorNameGenerator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Health: the checks of /health (the database and Kafka here, the others in their capabilities),
 * the same checks as Actuator indicators for the probes, and the health gauges.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    /** First in /health, as they are what every role needs. */
    @Bean
    @Order(0)
    DatabaseHealth databaseHealth(JdbcClient jdbc, Blocking blocking) {
        return new DatabaseHealth(jdbc, blocking);
    }

    @Bean
    @Order(1)
    KafkaHealth kafkaHealth(Admin kafka) {
        return new KafkaHealth(kafka);
    }

    /** Actuator names an indicator after its bean; without "Health" too, {@code kafkaHealth} is {@code kafka} as in /health. */
    @Bean
    HealthContributorNameGenerator healthContributorNameGenerator() {
        return HealthContributorNameGenerator.withoutSuffixes("healthindicator", "healthcontributor", "health");
    }

    @Bean
    HealthGauges healthGauges(List<ComponentHealth> components, MeterRegistry meters) {
        return new HealthGauges(components, meters);
    }
}
