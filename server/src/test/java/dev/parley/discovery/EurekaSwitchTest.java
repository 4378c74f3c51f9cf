package dev.parley.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The switch as Spring runs it: on a real environment, before any bean exists. */
class EurekaSwitchTest {

    @Test
    void withoutAUrlSpringCloudStaysOff() {
        StandardEnvironment environment = switched(Map.of());
        assertThat(environment.getProperty("eureka.client.enabled")).isEqualTo("false");
        assertThat(environment.getProperty("spring.cloud.discovery.enabled")).isEqualTo("false");
        assertThat(environment.getProperty("spring.cloud.refresh.enabled")).isEqualTo("false");
    }

    @Test
    void aUrlTurnsTheClientOnAndPointsItThere() {
        StandardEnvironment environment = switched(Map.of("parley.discovery.eureka-url", " http://eureka-1:8761/eureka/,http://eureka-2:8761/eureka/ "));
        assertThat(environment.getProperty("eureka.client.enabled")).isEqualTo("true");
        assertThat(environment.getProperty("eureka.client.service-url.defaultZone")).isEqualTo("http://eureka-1:8761/eureka/,http://eureka-2:8761/eureka/");
        assertThat(environment.getProperty("spring.cloud.discovery.enabled")).isNull();
    }

    @Test
    void theEnvironmentVariableWorksLikeTheProperty() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("env", Map.of("PARLEY_DISCOVERY_EUREKA_URL", "http://eureka:8761/eureka/")));
        new EurekaSwitch().postProcessEnvironment(environment, null);
        assertThat(environment.getProperty("eureka.client.enabled")).isEqualTo("true");
    }

    @Test
    void anOperatorsOwnEurekaSettingsWin() {
        StandardEnvironment environment = switched(Map.of(
                "parley.discovery.eureka-url", "http://eureka:8761/eureka/",
                "eureka.client.service-url.defaultZone", "http://other:8761/eureka/"));
        assertThat(environment.getProperty("eureka.client.service-url.defaultZone")).isEqualTo("http://other:8761/eureka/");
        StandardEnvironment forcedOn = switched(Map.of("eureka.client.enabled", "true"));
        assertThat(forcedOn.getProperty("eureka.client.enabled")).isEqualTo("true");
    }

    @Test
    void aUrlThatIsNotHttpStopsTheStartWithASentenceNamingTheSetting() {
        assertThatThrownBy(() -> switched(Map.of("parley.discovery.eureka-url", "eureka:8761")))
                .rootCause().hasMessageStartingWith("parley.discovery.eureka-url must be one or more http(s) URLs");
        assertThatThrownBy(() -> switched(Map.of("parley.discovery.eureka-url", "http://eureka:8761/eureka/,")))
                .rootCause().hasMessageContaining("parley.discovery.eureka-url");
    }

    private static StandardEnvironment switched(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        new EurekaSwitch().postProcessEnvironment(environment, null);
        return environment;
    }
}
