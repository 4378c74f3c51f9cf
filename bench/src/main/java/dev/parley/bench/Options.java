package dev.parley.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Command-line options of {@code bin/bench}. */
record Options(boolean quick, List<String> scenarios, Path out, Path parleyJar, Path benchJar, String heap, int connections, String serverJvm) {

    static final List<String> ALL = List.of("idle", "direct", "fanout", "ingest", "rest", "reconnect");

    static Options parse(String[] args) {
        boolean quick = false;
        List<String> scenarios = ALL;
        Path out = Path.of("bench", "results", "latest");
        Path parleyJar = Path.of("server", "target", "parley.jar");
        Path benchJar = Path.of("bench", "target", "parley-bench.jar");
        String heap = "";
        int connections = -1;
        String serverJvm = "";
        for (String arg : args) {
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
            if (arg.equals("--quick")) {
                quick = true;
            } else if (arg.startsWith("--scenarios=")) {
                scenarios = Arrays.asList(value.split(","));
                if (!ALL.containsAll(scenarios)) {
                    throw new IllegalArgumentException("--scenarios takes some of " + ALL);
                }
            } else if (arg.startsWith("--out=")) {
                out = Path.of(value);
            } else if (arg.startsWith("--parley-jar=")) {
                parleyJar = Path.of(value);
            } else if (arg.startsWith("--server-heap=")) {
                heap = value;
            } else if (arg.startsWith("--server-jvm=")) {
                serverJvm = value; // e.g. -XX:StartFlightRecording=filename=parley.jfr,settings=profile
            } else if (arg.startsWith("--connections=")) {
                connections = Integer.parseInt(value);
            } else {
                throw new IllegalArgumentException("unknown option " + arg
                        + " (known: --quick --scenarios=a,b --out=DIR --parley-jar=JAR --server-heap=SIZE --server-jvm=FLAG --connections=N)");
            }
        }
        return new Options(quick, scenarios, out, parleyJar, benchJar, heap, connections > 0 ? connections : quick ? 2000 : 15000, serverJvm);
    }

    double seconds() {
        return quick ? 4 : 10;
    }

    List<Double> directRates() {
        return quick ? List.of(200.0, 1000.0) : List.of(200.0, 1000.0, 5000.0, 12000.0);
    }

    /** Offered fan-out loads (deliveries per second), each for every room size. */
    List<Integer> fanoutDeliveriesPerSecond() {
        return quick ? List.of(50_000) : List.of(50_000, 100_000, 200_000);
    }

    List<Integer> roomSizes() {
        return quick ? List.of(100) : List.of(100, 1000);
    }
}
