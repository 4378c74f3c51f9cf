package dev.parley.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/bench}: starts Parley (and the broadcast server for the transport ceiling) as separate
 * processes on this machine, runs the scenarios against them, and writes results.json, results.md
 * and latency.svg. The direct scenario runs once per setup (H2 or PostgreSQL, fresh or aged
 * archive), each on a server process of its own; the other scenarios run once, on a server of the
 * first setup. {@code broadcast-server PORT} runs the ceiling server itself.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        if (args.length == 2 && args[0].equals("broadcast-server")) {
            BroadcastServer.main(new String[] {args[1]});
            return;
        }
        if (args.length >= 1 && args[0].equals("drain")) { // SIGTERM under load (DrainRun)
            DrainRun.run(args);
            return;
        }
        if (args.length == 3 && args[0].equals("chart")) { // redraw a chart from a results.json
            java.nio.file.Files.writeString(Path.of(args[2]), Chart.svg(Report.read(Path.of(args[1]))));
            return;
        }
        Options options = Options.parse(args);
        List<Result> results = new ArrayList<>();
        Path work = Files.createTempDirectory("parley-bench-");
        String tag = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36); // names this run's databases
        List<String> others = options.scenarios().stream().filter(s -> !s.equals("direct")).toList();
        try {
            if (options.external() != null) {
                ExternalRun.run(options, results);
                return;
            }
            // Direct messages on every setup, each in a server process of its own; the other scenarios once, on the first setup.
            if (options.scenarios().contains("direct")) {
                for (Setup setup : options.setups()) {
                    runOn(options, setup, List.of("direct"), "direct-" + setup.name(), work, tag, results);
                }
            }
            if (!others.isEmpty()) {
                Setup setup = options.setups().getFirst();
                runOn(options, setup, others, "others-" + setup.name(), work, tag, results);
            }
        } finally {
            Report.write(options.out(), machine(options.external() != null), results);
            System.out.println("Wrote " + options.out().resolve("results.md") + ", results.json and latency.svg");
        }
    }

    /** Starts a server process for {@code setup} (ageing its archive if the setup says so) and runs {@code scenarios} on it. */
    private static void runOn(Options options, Setup setup, List<String> scenarios, String name, Path work, String tag,
                              List<Result> results) throws Exception {
        boolean withCeiling = scenarios.stream().anyMatch(Scenarios::needsCeiling);
        try (SetupRun run = SetupRun.start(options, setup, work.resolve(name), "parley_bench_" + tag + "_" + name.replace('-', '_'), withCeiling)) {
            Scenarios plan = new Scenarios(options, run, results);
            if (setup.aged()) {
                plan.fillArchive();
            }
            for (String scenario : scenarios) {
                plan.scenario(scenario);
            }
        }
    }

    static Map<String, Object> machine(boolean external) throws IOException {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.exists(cpuinfo)) {
            Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .ifPresent(l -> machine.put("cpu", l.substring(l.indexOf(':') + 1).trim()));
            Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal")).findFirst()
                    .ifPresent(l -> machine.put("memoryGib", Math.round(Long.parseLong(l.replaceAll("[^0-9]", "")) / 1048576.0)));
        }
        machine.put("jdk", Runtime.version().toString());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("note", external
                ? "load generator, the deployment under test if it runs here (bin/cluster: 3 brokers, 3 nodes, nginx) and the ceiling server share these cores"
                : "load generator, Parley (with its embedded Kafka broker) and the ceiling server share these cores");
        return machine;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }
}
