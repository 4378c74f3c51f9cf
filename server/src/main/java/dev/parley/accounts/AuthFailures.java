package dev.parley.accounts;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts refused logins and tokens: {@code parley.auth.failures}, by where ({@code login},
 * {@code rest}, {@code websocket}) and the error code (a fixed set). Never by user or address.
 */
public final class AuthFailures {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    AuthFailures(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String endpoint, String code) {
        counters.computeIfAbsent(endpoint + "/" + code, key -> Counter.builder("parley.auth.failures")
                .description("Refused logins and access tokens, by endpoint and error code")
                .tag("endpoint", endpoint).tag("reason", code).register(registry)).increment();
    }
}
