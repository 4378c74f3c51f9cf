package dev.parley.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * The Grafana dashboard in {@code deploy/grafana/parley-dashboard.json}, read the way a test needs
 * it: which {@code parley_*} metrics its queries use.
 */
public final class Dashboard {

    public static final String FILE = "deploy/grafana/parley-dashboard.json";
    private static final Pattern PARLEY_METRIC = Pattern.compile("parley_[a-z_]+");

    private Dashboard() {
    }

    /** The file: Failsafe runs in {@code server/}, an IDE may run in the repository root. */
    public static Path file() {
        for (Path root : List.of(Path.of(".."), Path.of(""))) {
            Path file = root.resolve(FILE).toAbsolutePath().normalize();
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalStateException("no " + FILE + " above " + Path.of("").toAbsolutePath());
    }

    /**
     * Every {@code parley_*} name in a panel's {@code expr} (panels inside collapsed rows too) and in
     * the template variables' queries, as written: a sample name such as
     * {@code parley_ack_latency_seconds_bucket} or {@code parley_sends_total}.
     */
    public static Set<String> parleyMetrics() {
        JsonNode dashboard;
        try {
            dashboard = Json.read(Files.readString(file()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> names = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            collect(panel, names);
            for (JsonNode inner : panel.path("panels")) {
                collect(inner, names);
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            find(query.isObject() ? query.path("query").asString("") : query.asString(""), names);
            find(variable.path("definition").asString(""), names);
        }
        return names;
    }

    private static void collect(JsonNode panel, Set<String> names) {
        for (JsonNode target : panel.path("targets")) {
            find(target.path("expr").asString(""), names);
        }
    }

    private static void find(String text, Set<String> names) {
        Matcher matcher = PARLEY_METRIC.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group());
        }
    }
}
