package dev.parley.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An SVG line chart of direct-message delivery latency against offered load: p99 and p50 per setup,
 * and the Kafka round trip of each setup's broker (the ceiling).
 */
final class Chart {

    private static final int W = 760;
    private static final int H = 440;
    private static final int LEFT = 70;
    private static final int BOTTOM = 60;
    private static final int TOP = 40;
    private static final int RIGHT = 190;
    private static final String[] COLOURS = {"#1d4ed8", "#dc2626", "#059669", "#d97706", "#7c3aed"};
    private static final String CEILING = "#9ca3af";

    private Chart() {
    }

    /** Log scales: offered rate from half the lowest to 1.2 × the highest, latency from 0.1 ms to a power of ten. */
    private record Scale(double minRate, double maxRate, double maxMs) {

        double x(double rate) {
            double min = Math.log10(minRate);
            return LEFT + (Math.log10(Math.max(rate, minRate)) - min) / (Math.log10(maxRate) - min) * (W - LEFT - RIGHT);
        }

        double y(double ms) {
            double min = Math.log10(0.1);
            double v = Math.log10(Math.max(0.1, Math.min(ms, maxMs)));
            return H - BOTTOM - (v - min) / (Math.log10(maxMs) - min) * (H - BOTTOM - TOP);
        }
    }

    static String svg(List<Result> results) {
        List<Result> direct = results.stream().filter(r -> r.scenario().equals("direct")).toList();
        List<Result> kafka = results.stream().filter(r -> r.scenario().equals("kafka-ceiling")).toList();
        double minRate = direct.stream().mapToDouble(Chart::rate).min().orElse(1000);
        double maxRate = direct.stream().mapToDouble(Chart::rate).max().orElse(1000);
        double maxMs = direct.stream().mapToDouble(r -> r.latencies().get("delivery").p99() / 1000.0).max().orElse(1);
        Scale scale = new Scale(minRate / 2, Math.max(maxRate, minRate) * 1.2, Math.pow(10, Math.ceil(Math.log10(Math.max(10, maxMs)))));
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, H));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"15\">Direct-message delivery latency vs offered load, per setup (log scales)</text>%n", LEFT));
        axis(s, scale);
        int legend = 0;
        int colour = 0;
        for (var setup : bySetup(direct).entrySet()) {
            String name = setup.getKey().isEmpty() ? "Parley" : setup.getKey();
            String c = COLOURS[colour++ % COLOURS.length];
            line(s, setup.getValue(), "delivery", "p99", scale, c, "", name + " p99", legend++);
            line(s, setup.getValue(), "delivery", "p50", scale, c, "5,4", name + " p50", legend++);
        }
        boolean first = true;
        for (List<Result> rows : bySetup(kafka).values()) { // one grey line per setup's broker, one legend entry for all
            line(s, rows, "roundTrip", "p99", scale, CEILING, "2,3", first ? "Kafka round trip p99" : null, legend);
            first = false;
        }
        return s.append("</svg>\n").toString();
    }

    /** Rows per setup, in the order the setups ran; results from before setups existed form one group, "". */
    private static Map<String, List<Result>> bySetup(List<Result> rows) {
        Map<String, List<Result>> groups = new LinkedHashMap<>();
        for (Result r : rows) {
            groups.computeIfAbsent(String.valueOf(r.parameters().getOrDefault("setup", "")), k -> new ArrayList<>()).add(r);
        }
        return groups;
    }

    private static double rate(Result r) {
        return ((Number) r.parameters().get("offeredPerSecond")).doubleValue();
    }

    private static void axis(StringBuilder s, Scale scale) {
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, TOP, LEFT, H - BOTTOM));
        for (double rate : new double[] {100, 200, 500, 1000, 2000, 5000, 10000, 20000, 30000, 50000, 100000}) {
            if (rate < scale.minRate() || rate > scale.maxRate()) {
                continue;
            }
            double px = scale.x(rate);
            String label = rate >= 1000 ? (long) (rate / 1000) + "k" : String.valueOf((long) rate);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px, TOP, px, H - BOTTOM, px, H - BOTTOM + 18, label));
        }
        for (double ms = 0.1; ms <= scale.maxMs() * 1.001; ms *= 10) {
            double py = scale.y(ms);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, py, W - RIGHT, py, LEFT - 6, py + 4,
                    ms < 1 ? String.format(Locale.ROOT, "%.1f", ms) : String.valueOf((long) ms)));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">offered messages per second</text>%n", (LEFT + W - RIGHT) / 2, H - 20));
        s.append(String.format(Locale.ROOT, "<text x=\"18\" y=\"%d\" transform=\"rotate(-90 18 %d)\" text-anchor=\"middle\">latency, ms</text>%n", (TOP + H - BOTTOM) / 2, (TOP + H - BOTTOM) / 2));
    }

    /** One percentile as a polyline with dots; {@code label} null: no legend entry. */
    private static void line(StringBuilder s, List<Result> rows, String latency, String percentile, Scale scale,
                             String colour, String dash, String label, int legend) {
        if (rows.isEmpty()) {
            return;
        }
        String dashed = dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"";
        StringBuilder points = new StringBuilder();
        for (Result r : rows) {
            Latencies.Summary l = r.latencies().get(latency);
            long micros = switch (percentile) {
                case "p50" -> l.p50();
                case "p90" -> l.p90();
                default -> l.p99();
            };
            double px = scale.x(rate(r));
            double py = scale.y(micros / 1000.0);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", px, py, colour));
        }
        s.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
                points.toString().trim(), colour, dashed));
        if (label != null) {
            int ly = TOP + 10 + legend * 20;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"%s/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", W - RIGHT + 10, ly, W - RIGHT + 30, ly, colour, dashed, W - RIGHT + 35, ly + 4, label));
        }
    }
}
