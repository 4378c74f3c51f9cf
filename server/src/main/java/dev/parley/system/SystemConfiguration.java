package dev.parley.system;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Schedulers;

/** Cross-cutting beans: the clock and the pool for blocking work. */
@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Checks parley.roles at start (a node alone must have every role) and, without the gateway role, refuses client traffic. */
    @Bean
    org.springframework.web.server.WebFilter gatewayRoleFilter(org.springframework.core.env.Environment environment) {
        boolean gateway = Role.of(environment).contains(Role.GATEWAY);
        return gateway ? (exchange, chain) -> chain.filter(exchange) : new GatewayRoleFilter();
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
