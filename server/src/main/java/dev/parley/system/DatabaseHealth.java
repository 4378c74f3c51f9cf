package dev.parley.system;

import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import reactor.core.publisher.Mono;

/** The database in /health: a trivial query on the blocking pool, bounded by the check timeout. */
final class DatabaseHealth implements ComponentHealth {

    private final JdbcClient jdbc;
    private final Blocking blocking;

    DatabaseHealth(JdbcClient jdbc, Blocking blocking) {
        this.jdbc = jdbc;
        this.blocking = blocking;
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public Mono<Map<String, Object>> check() {
        return blocking.call(() -> jdbc.sql("SELECT 1").query(Integer.class).single())
                .map(ignored -> Map.of("status", UP));
    }
}
