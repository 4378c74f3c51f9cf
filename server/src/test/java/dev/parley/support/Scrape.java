package dev.parley.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Prometheus scrape of a node, parsed: every sample by its series ({@code name{labels}}, as
 * written). Tests compare two scrapes to see which values moved.
 */
public record Scrape(String text, Map<String, Double> samples) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public static Scrape of(int port, String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return parse(response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Scrape parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int split = line.lastIndexOf(' ');
            String value = line.substring(split + 1);
            samples.put(line.substring(0, split), value.equals("NaN") ? Double.NaN : Double.parseDouble(value));
        }
        return new Scrape(text, samples);
    }

    /** The sample of {@code series} exactly as written (e.g. {@code parley_sends_total{outcome="accepted",reason="none"}}); 0 if absent. */
    public double value(String series) {
        return samples.getOrDefault(series, 0.0);
    }

    /** Whether any series of metric {@code name} exists. */
    public boolean has(String name) {
        return samples.keySet().stream().anyMatch(series -> series.equals(name) || series.startsWith(name + "{"));
    }

    /** The sum of every series of {@code name} whose labels contain all of {@code labels} (each like {@code type="message.send"}). */
    public double sum(String name, String... labels) {
        double sum = 0;
        for (Map.Entry<String, Double> sample : samples.entrySet()) {
            String series = sample.getKey();
            if (!(series.equals(name) || series.startsWith(name + "{"))) {
                continue;
            }
            boolean matches = true;
            for (String label : labels) {
                matches &= series.contains(label);
            }
            if (matches && !sample.getValue().isNaN()) {
                sum += sample.getValue();
            }
        }
        return sum;
    }
}
