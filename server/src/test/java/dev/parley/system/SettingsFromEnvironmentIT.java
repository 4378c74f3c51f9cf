package dev.parley.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.parley.ParleyApplication;
import dev.parley.gateway.GatewaySettings;
import dev.parley.log.KafkaSettings;
import dev.parley.support.TestDirs;
import dev.parley.support.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.reactive.StandardReactiveWebEnvironment;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** A whole node started with its settings in environment variables, as a container would start it. */
@ExtendWith(OutputCaptureExtension.class)
class SettingsFromEnvironmentIT {

    @Test
    void badSettingsStopTheStartWithOneSentenceEachAndNoStackTrace(CapturedOutput output) {
        Map<String, String> variables = nodeVariables("bad-settings");
        variables.put("PARLEY_KAFKA_PARTITIONS", "0");
        variables.put("PARLEY_KAFKA_SEND_QUEUE", "5");

        Throwable failure = catchThrowable(() -> application(variables).run().close());

        assertThat(failure).as("the start failed").isNotNull();
        assertThat(output.getOut() + output.getErr()).contains(
                "APPLICATION FAILED TO START",
                "Parley cannot start with these 2 settings:\n"
                        + "- parley.kafka.partitions must be at least 1, got 0 (set by System Environment Property \"PARLEY_KAFKA_PARTITIONS\").\n"
                        + "- parley.kafka.send-queue must be at least 100, got 5 (set by System Environment Property \"PARLEY_KAFKA_SEND_QUEUE\").",
                "docs/configuration.md lists every setting")
                .doesNotContain("\tat org.springframework.boot.context.properties");
    }

    @Test
    void goodSettingsFromTheEnvironmentAreTheNodesSettings() {
        Map<String, String> variables = nodeVariables("env-settings");
        variables.put("PARLEY_KAFKA_PARTITIONS", "4");
        variables.put("PARLEY_GATEWAY_PING_INTERVAL", "15s");
        variables.put("PARLEY_ACCESS_LOG_ENABLED", "true");

        try (ConfigurableApplicationContext node = application(variables).run()) {
            assertThat(node.getBean(KafkaSettings.class).partitions()).isEqualTo(4);
            assertThat(node.getBean(GatewaySettings.class).pingInterval()).isEqualTo(Duration.ofSeconds(15));
            assertThat(node.getBean(AccessLogSettings.class).enabled()).isTrue();
            assertThat(node.getBean(GatewaySettings.class).idleTimeout()).as("a default").isEqualTo(Duration.ofSeconds(60));
        }
    }

    /** What every test node needs (its own data directory, free ports, cheap hashing), as environment variables. */
    private static Map<String, String> nodeVariables(String purpose) {
        Map<String, String> variables = new HashMap<>();
        TestSettings.COMMON.forEach((name, value) -> variables.put(name.toUpperCase().replace('.', '_').replace('-', '_'), value));
        variables.put("PARLEY_DATA_DIR", TestDirs.fresh(purpose).toString());
        return variables;
    }

    /** The application, seeing the real environment plus {@code variables} as environment variables. */
    private static SpringApplication application(Map<String, String> variables) {
        StandardReactiveWebEnvironment environment = new StandardReactiveWebEnvironment();
        Map<String, Object> all = new HashMap<>(environment.getSystemEnvironment());
        all.putAll(variables);
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, all));
        SpringApplication application = new SpringApplication(ParleyApplication.class);
        application.setEnvironment(environment);
        return application;
    }
}
