package dev.parley.system;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.web.server.WebFilter;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/** Cross-cutting beans: the clock, the pool for blocking work, the web filters of roles and the access log. */
@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Checks parley.roles at start (a node alone must have every role) and, without the gateway role, refuses client traffic. */
    @Bean
    WebFilter gatewayRoleFilter(Environment environment) {
        boolean gateway = Role.of(environment).contains(Role.GATEWAY);
        return gateway ? (exchange, chain) -> chain.filter(exchange) : new GatewayRoleFilter();
    }

    /** The access log, when parley.access-log.enabled; first, so that it sees every request's outcome. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    WebFilter accessLog(AccessLogSettings settings) {
        return settings.enabled() ? new AccessLog() : (exchange, chain) -> chain.filter(exchange);
    }

    /** Before anything else sees a request: the WebSocket token leaves the URL, so that no log line can show it. */
    @Bean
    WebFilter securityHeaders() {
        return new SecurityHeaders();
    }

    @Bean
    HttpHandlerDecoratorFactory queryToken() {
        return new QueryToken();
    }

    /** REST bodies are read as strictly as WebSocket frames (see {@link JsonInput}); after Boot's own Jackson codecs (order 0). */
    @Bean
    @Order(1)
    CodecCustomizer strictJsonBodies(JsonMapper json) {
        JsonMapper strict = JsonInput.strict(json);
        return configurer -> configurer.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(strict));
    }

    /** Sized to the connection pool plus headroom for password hashing; the queue bounds memory. */
    @Bean(destroyMethod = "dispose")
    Blocking blocking(@Value("${spring.datasource.hikari.maximum-pool-size:10}") int poolSize) {
        return new Blocking(Schedulers.newBoundedElastic(poolSize + 4, 10_000, "parley-blocking", 60, true));
    }

    /** Static: a post-processor is created before the configuration's other beans. */
    @Bean
    static ShutdownTrace shutdownTrace() {
        return new ShutdownTrace();
    }
}
