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
 * and latency.svg. {@code broadcast-server PORT} runs the ceiling server itself.
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
        if (args.length == 3 && args[0].equals("chart")) { // redraw a chart from a results.json
            java.nio.file.Files.writeString(Path.of(args[2]), Chart.svg(Report.read(Path.of(args[1]))));
            return;
        }
        Options options = Options.parse(args);
        List<Result> results = new ArrayList<>();
        Path work = Files.createTempDirectory("parley-bench-");
        int kafkaPort = freePort();
        System.out.println("Starting Parley (" + options.parleyJar() + ") ...");
        try (ServerProcess parley = ServerProcess.parley(options.parleyJar(), freePort(), kafkaPort, work.resolve("parley"), options.heap(), options.serverJvm());
             ServerProcess broadcast = ServerProcess.broadcast(options.benchJar(), freePort(), work, options.heap());
             WsClients toParley = new WsClients("127.0.0.1", parley.port(), 2, 1 + options.connections() / 20_000);
             WsClients toBroadcast = new WsClients("127.0.0.1", broadcast.port(), 2, 1 + options.connections() / 20_000)) {
            Target p = new Target("parley", "127.0.0.1", parley.port(), parley.pid());
            Target ceiling = new Target("transport ceiling", "127.0.0.1", broadcast.port(), broadcast.pid());
            Accounts accounts = new Accounts(p.base());
            Scenarios run = new Scenarios(options, p, ceiling, toParley, toBroadcast, accounts, "127.0.0.1:" + kafkaPort, results);
            for (String scenario : options.scenarios()) {
                System.out.println("== " + scenario);
                run.scenario(scenario);
            }
        } finally {
            Report.write(options.out(), machine(), results);
            System.out.println("Wrote " + options.out().resolve("results.md") + ", results.json and latency.svg");
        }
    }

    static Map<String, Object> machine() throws IOException {
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
        machine.put("note", "load generator, Parley (with its embedded Kafka broker) and the ceiling server share these cores");
        return machine;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }
}
