package dev.parley.discovery;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cloud.netflix.eureka.server.EnableEurekaServer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Eureka server (Spring Cloud Netflix's own) for tests: a servlet application in its own
 * context on a free port, beside the reactive Parley nodes in the same JVM. It reads none of
 * Parley's application.yml (its own config name) and starts none of Parley's infrastructure.
 */
final class TestEurekaServer implements AutoCloseable {

    /**
     * Deliberately not a {@code @Configuration} (nor {@code @SpringBootConfiguration}): Parley's own
     * component scan covers dev.parley on the test classpath and would pull the Eureka server, and
     * these exclusions, into every test node. As a primary source it is still processed.
     */
    @EnableAutoConfiguration(excludeName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"})
    @EnableEurekaServer
    static class Application {
    }

    private final ConfigurableApplicationContext context;

    private TestEurekaServer(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static TestEurekaServer start() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
                .web(WebApplicationType.SERVLET)
                .run("--spring.config.name=test-eureka-server",
                        "--spring.application.name=eureka",
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        // A standalone server: it neither registers with nor fetches from a peer.
                        "--eureka.client.enabled=true",
                        "--spring.cloud.discovery.enabled=true",
                        "--eureka.client.register-with-eureka=false",
                        "--eureka.client.fetch-registry=false",
                        "--eureka.server.wait-time-in-ms-when-sync-empty=0",
                        // Its default peer (localhost:8761) is then itself: no replication attempts to a server that is not there.
                        "--eureka.instance.hostname=localhost",
                        "--management.tracing.sampling.probability=0",
                        // Answer GET /eureka/apps from the live registry, not from the copy refreshed every 30 s.
                        "--eureka.server.use-read-only-response-cache=false");
        return new TestEurekaServer(context);
    }

    /** The URL a Eureka client is given, e.g. http://127.0.0.1:41234/eureka/ */
    String serviceUrl() {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort() + "/eureka/";
    }

    @Override
    public void close() {
        context.close();
    }
}
