package dev.parley.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.parley.gateway.GatewaySettings;
import dev.parley.log.KafkaSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Settings given as environment variables, bound the way Boot binds them, and what a bad one reads like. */
class SettingsFailureAnalyzerTest {

    /** How a plain environment property source names an origin (Boot's own, in a running node, says "System Environment Property"). */
    private static final String FROM_ENV = "\"%s\" from property source \"systemEnvironment\"";

    @Test
    void everyBadSettingOfARecordIsOneSentenceSayingWhereItsValueCameFrom() {
        StandardEnvironment environment = environment(Map.of("PARLEY_KAFKA_PARTITIONS", "0", "PARLEY_KAFKA_SEND_QUEUE", "5",
                "PARLEY_KAFKA_SEND_TIMEOUT", "500ms"));

        Throwable failure = catchThrowable(() -> Binder.get(environment).bindOrCreate("parley.kafka", KafkaSettings.class));
        FailureAnalysis analysis = new SettingsFailureAnalyzer(environment).analyze(failure);

        assertThat(analysis).as("analysis of %s", failure).isNotNull();
        assertThat(analysis.getDescription().lines()).containsExactly(
                "Parley cannot start with these 3 settings:",
                "- parley.kafka.partitions must be at least 1, got 0 (set by " + FROM_ENV.formatted("PARLEY_KAFKA_PARTITIONS") + ").",
                "- parley.kafka.send-timeout must be at least 1s, got 500ms (set by " + FROM_ENV.formatted("PARLEY_KAFKA_SEND_TIMEOUT") + ").",
                "- parley.kafka.send-queue must be at least 100, got 5 (set by " + FROM_ENV.formatted("PARLEY_KAFKA_SEND_QUEUE") + ").");
        assertThat(analysis.getAction()).contains("docs/configuration.md");
    }

    @Test
    void aValueOfTheWrongKindIsNamedWithWhatItMustBe() {
        StandardEnvironment environment = environment(Map.of("PARLEY_GATEWAY_PING_INTERVAL", "often"));

        Throwable failure = catchThrowable(() -> Binder.get(environment).bindOrCreate("parley.gateway", GatewaySettings.class));
        FailureAnalysis analysis = new SettingsFailureAnalyzer(environment).analyze(failure);

        assertThat(analysis.getDescription().lines()).containsExactly(
                "Parley cannot start with this setting:",
                "- parley.gateway.ping-interval cannot be 'often': it must be a duration such as 500ms, 10s, 5m or 12h"
                        + " (set by " + FROM_ENV.formatted("PARLEY_GATEWAY_PING_INTERVAL") + ").");
    }

    @Test
    void aProblemBetweenTwoSettingsNamesBoth() {
        StandardEnvironment environment = environment(Map.of("PARLEY_GATEWAY_PING_INTERVAL", "90s"));

        Throwable failure = catchThrowable(() -> Binder.get(environment).bindOrCreate("parley.gateway", GatewaySettings.class));

        assertThat(new SettingsFailureAnalyzer(environment).analyze(failure).getDescription())
                .contains("- parley.gateway.idle-timeout (1m) must be longer than parley.gateway.ping-interval (1m30s).");
    }

    @Test
    void goodEnvironmentValuesBind() {
        StandardEnvironment environment = environment(Map.of("PARLEY_KAFKA_PARTITIONS", "5", "PARLEY_KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092",
                "PARLEY_GATEWAY_PING_INTERVAL", "15s", "PARLEY_GATEWAY_MAX_FRAME_BYTES", "131072"));

        KafkaSettings kafka = Binder.get(environment).bindOrCreate("parley.kafka", KafkaSettings.class);
        GatewaySettings gateway = Binder.get(environment).bindOrCreate("parley.gateway", GatewaySettings.class);

        assertThat(kafka.partitions()).isEqualTo(5);
        assertThat(kafka.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(kafka.sendQueue()).isEqualTo(5000); // the default, untouched
        assertThat(gateway.pingInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(gateway.maxFrameBytes()).isEqualTo(131072);
    }

    @Test
    void otherFailuresAreLeftToBootsOwnAnalyzers() {
        SettingsFailureAnalyzer analyzer = new SettingsFailureAnalyzer(new StandardEnvironment());

        assertThat(analyzer.analyze(new IllegalStateException("Cluster mode needs Redis at redis://x and cannot reach it"))).isNull();
        assertThat(analyzer.analyze(new IllegalArgumentException("unrelated"))).isNull();
    }

    /** The real environment with these variables added, under the name Boot maps environment variables for. */
    private static StandardEnvironment environment(Map<String, String> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        Map<String, Object> all = new HashMap<>(environment.getSystemEnvironment());
        all.putAll(variables);
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, all));
        return environment;
    }
}
