package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class HealthTest {

    @Test
    void readsTheArchiveAndRoutingLagsOfANodeThatReportsThem() {
        Health health = Health.parse("""
                {"status":"DEGRADED","components":{"database":{"status":"UP"},"kafka":{"status":"UP","brokers":1},
                 "archive":{"status":"DEGRADED","lagMessages":1234567,"lagMs":900,"archivedSinceStart":42,"deadLettersSinceStart":3},"routing":{"status":"UP","lagMessages":0}}}""");
        assertThat(health.status()).isEqualTo("DEGRADED");
        assertThat(health.archiveLag()).isEqualTo(OptionalLong.of(1_234_567));
        assertThat(health.routingLag()).isEqualTo(OptionalLong.of(0));
        assertThat(health.archivedSinceStart()).isEqualTo(OptionalLong.of(42));
        assertThat(health.deadLettersSinceStart()).isEqualTo(OptionalLong.of(3));
        assertThat(health.serving()).isTrue();
    }

    @Test
    void aNodeWithoutAnArchiveComponentHasNoLag() {
        Health health = Health.parse("{\"status\":\"UP\",\"components\":{\"database\":{\"status\":\"UP\"},\"kafka\":{\"status\":\"UP\",\"brokers\":1}}}");
        assertThat(health.status()).isEqualTo("UP");
        assertThat(health.archiveLag()).isEmpty();
        assertThat(health.routingLag()).isEmpty();
    }

    @Test
    void aLagThatIsNotAWholeNumberIsNoLag() {
        assertThat(Health.parse("{\"components\":{\"archive\":{\"lagMessages\":\"12\"}}}").archiveLag()).isEmpty();
        assertThat(Health.parse("{\"components\":{\"archive\":{\"lagMessages\":null}}}").archiveLag()).isEmpty();
        assertThat(Health.parse("{\"components\":{\"archive\":{\"lagMessages\":1.5}}}").archiveLag()).isEmpty();
    }

    @Test
    void anUnreadableBodyIsNeitherServingNorLagging() {
        for (String body : new String[] {"", "not json", "<html>503</html>", "[1,2]"}) {
            Health health = Health.parse(body);
            assertThat(health.serving()).as(body).isFalse();
            assertThat(health.archiveLag()).as(body).isEmpty();
        }
        assertThat(Health.parse("{\"status\":\"DOWN\"}").serving()).isFalse();
    }
}
