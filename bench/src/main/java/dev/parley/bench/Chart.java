package dev.parley.bench;

import java.util.List;
import java.util.Locale;

/** An SVG line chart of delivery latency percentiles against offered load (direct messages), with the Kafka ceiling. */
final class Chart {

    private static final int W = 720;
    private static final int H = 420;
    private static final int LEFT = 70;
    private static final int BOTTOM = 60;
    private static final int TOP = 40;
    private static final int RIGHT = 170;

    private Chart() {
    }

    static String svg(List<Result> results) {
        List<Result> direct = results.stream().filter(r -> r.scenario().equals("direct")).toList();
        List<Result> kafka = results.stream().filter(r -> r.scenario().equals("kafka-ceiling")).toList();
        double maxRate = 1;
        double maxMs = 1;
        for (Result r : direct) {
            maxRate = Math.max(maxRate, ((Number) r.parameters().get("offeredPerSecond")).doubleValue());
            maxMs = Math.max(maxMs, r.latencies().get("delivery").p99() / 1000.0);
        }
        maxMs = Math.pow(10, Math.ceil(Math.log10(Math.max(10, maxMs))));
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, H));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"15\">Direct-message delivery latency vs offered load (log scales)</text>%n", LEFT));
        axis(s, maxRate, maxMs);
        line(s, direct, "delivery", "p50", maxRate, maxMs, "#1d4ed8", 0);
        line(s, direct, "delivery", "p90", maxRate, maxMs, "#7c3aed", 1);
        line(s, direct, "delivery", "p99", maxRate, maxMs, "#dc2626", 2);
        line(s, kafka, "roundTrip", "p99", maxRate, maxMs, "#059669", 3);
        return s.append("</svg>\n").toString();
    }

    private static double x(double rate, double maxRate) {
        double min = Math.log10(100);
        return LEFT + (Math.log10(Math.max(rate, 100)) - min) / (Math.log10(maxRate * 1.2) - min) * (W - LEFT - RIGHT);
    }

    /** Log scale from 0.1 ms to maxMs. */
    private static double y(double ms, double maxMs) {
        double min = Math.log10(0.1);
        double v = Math.log10(Math.max(0.1, Math.min(ms, maxMs)));
        return H - BOTTOM - (v - min) / (Math.log10(maxMs) - min) * (H - BOTTOM - TOP);
    }

    private static void axis(StringBuilder s, double maxRate, double maxMs) {
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, TOP, LEFT, H - BOTTOM));
        for (double rate : new double[] {100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000}) {
            if (rate > maxRate * 1.2) {
                break;
            }
            double px = x(rate, maxRate);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n", px, TOP, px, H - BOTTOM, px, H - BOTTOM + 18, (long) rate));
        }
        for (double ms = 0.1; ms <= maxMs * 1.001; ms *= 10) {
            double py = y(ms, maxMs);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, py, W - RIGHT, py, LEFT - 6, py + 4,
                    ms < 1 ? String.format(Locale.ROOT, "%.1f", ms) : String.valueOf((long) ms)));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">offered messages per second</text>%n", (LEFT + W - RIGHT) / 2, H - 20));
        s.append(String.format(Locale.ROOT, "<text x=\"18\" y=\"%d\" transform=\"rotate(-90 18 %d)\" text-anchor=\"middle\">latency, ms</text>%n", (TOP + H - BOTTOM) / 2, (TOP + H - BOTTOM) / 2));
    }

    private static void line(StringBuilder s, List<Result> rows, String latency, String percentile, double maxRate, double maxMs, String colour, int legend) {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder points = new StringBuilder();
        for (Result r : rows) {
            Latencies.Summary l = r.latencies().get(latency);
            long micros = switch (percentile) {
                case "p50" -> l.p50();
                case "p90" -> l.p90();
                default -> l.p99();
            };
            double px = x(((Number) r.parameters().get("offeredPerSecond")).doubleValue(), maxRate);
            double py = y(micros / 1000.0, maxMs);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", px, py, colour));
        }
        s.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n", points.toString().trim(), colour));
        String label = (rows.getFirst().scenario().equals("direct") ? "Parley " : "Kafka round trip ") + percentile;
        int ly = TOP + 10 + legend * 20;
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>"
                + "<text x=\"%d\" y=\"%d\">%s</text>%n", W - RIGHT + 10, ly, W - RIGHT + 30, ly, colour, W - RIGHT + 35, ly + 4, label));
    }
}
