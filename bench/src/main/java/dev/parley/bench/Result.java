package dev.parley.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** What one scenario run measured, ready for the JSON and Markdown reports. */
public record Result(String scenario, String target, Map<String, Object> parameters, Map<String, Object> metrics,
                     Map<String, Latencies.Summary> latencies) {

    static Result of(String scenario, String target) {
        return new Result(scenario, target, new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    /** The same result with {@code setup} (what Parley ran on, e.g. h2-aged) as its first parameter. */
    Result withSetup(String setup) {
        Map<String, Object> labelled = new LinkedHashMap<>();
        labelled.put("setup", setup);
        labelled.putAll(parameters);
        return new Result(scenario, target, labelled, metrics, latencies);
    }

    Result param(String name, Object value) {
        parameters.put(name, value);
        return this;
    }

    Result metric(String name, Object value) {
        metrics.put(name, value instanceof Double d ? Math.round(d * 100) / 100.0 : value);
        return this;
    }

    Result latency(String name, Latencies latencies) {
        this.latencies.put(name, latencies.summary());
        return this;
    }
}
