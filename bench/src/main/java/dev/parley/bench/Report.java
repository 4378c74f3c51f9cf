package dev.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes a run's results: results.json, results.md (the tables for docs/benchmarks.md) and latency.svg. */
final class Report {

    private Report() {
    }

    static void write(Path dir, Map<String, Object> machine, List<Result> results) throws IOException {
        Files.createDirectories(dir);
        JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        Files.writeString(dir.resolve("results.json"), json.writeValueAsString(Map.of("machine", machine, "results", results)));
        Files.writeString(dir.resolve("results.md"), markdown(machine, results));
        Files.writeString(dir.resolve("latency.svg"), Chart.svg(results));
    }

    static List<Result> read(Path resultsJson) throws IOException {
        record Saved(Map<String, Object> machine, List<Result> results) {
        }
        return JsonMapper.builder().build().readValue(resultsJson.toFile(), Saved.class).results();
    }

    static String markdown(Map<String, Object> machine, List<Result> results) {
        StringBuilder md = new StringBuilder("## Machine\n\n");
        machine.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        Set<String> scenarios = new LinkedHashSet<>();
        results.forEach(r -> scenarios.add(r.scenario()));
        for (String scenario : scenarios) {
            List<Result> rows = results.stream().filter(r -> r.scenario().equals(scenario)).toList();
            md.append("\n## ").append(scenario).append("\n\n");
            List<String> columns = new ArrayList<>(List.of("target"));
            Set<String> keys = new LinkedHashSet<>();
            rows.forEach(r -> keys.addAll(r.parameters().keySet()));
            rows.forEach(r -> keys.addAll(r.metrics().keySet()));
            columns.addAll(keys);
            Set<String> latencyNames = new LinkedHashSet<>();
            rows.forEach(r -> latencyNames.addAll(r.latencies().keySet()));
            for (String name : latencyNames) {
                columns.add(name + " p50/p90/p99/max ms");
            }
            md.append("| ").append(String.join(" | ", columns)).append(" |\n");
            md.append("|").append(" --- |".repeat(columns.size())).append('\n');
            for (Result r : rows) {
                List<String> cells = new ArrayList<>(List.of(r.target()));
                for (String key : keys) {
                    Object v = r.parameters().containsKey(key) ? r.parameters().get(key) : r.metrics().get(key);
                    cells.add(v == null ? "" : format(v));
                }
                for (String name : latencyNames) {
                    Latencies.Summary s = r.latencies().get(name);
                    cells.add(s == null || s.count() == 0 ? "" : String.format(Locale.ROOT, "%s / %s / %s / %s",
                            s.millis(s.p50()), s.millis(s.p90()), s.millis(s.p99()), s.millis(s.max())));
                }
                md.append("| ").append(String.join(" | ", cells)).append(" |\n");
            }
        }
        return md.toString();
    }

    private static String format(Object v) {
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e12 ? String.valueOf(d.longValue()) : String.format(Locale.ROOT, "%.2f", d);
        }
        return String.valueOf(v);
    }
}
