package dev.parley.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Command-line options of {@code bin/bench}.
 *
 * @param setups         what Parley runs on (database, fresh or aged archive); {@code direct} runs on each, in its
 *                       own server process; the other scenarios run once, on the first
 * @param agedMessages   messages written to the log before an aged setup is measured
 * @param directRates    offered msg/s of the direct scenario's windows, in order
 * @param postgres       host:port of the PostgreSQL server that the postgres setups create a fresh database on
 * @param postgresUser   its user (trust auth, or PGPASSWORD); empty: try {@code postgres}, then {@code root}
 * @param external       a running deployment to measure instead of starting servers (direct and fan-out scenarios, or failover); null: none
 */
record Options(boolean quick, List<String> scenarios, List<Setup> setups, Path out, Path parleyJar, Path benchJar, String heap,
               int connections, String serverJvm, long agedMessages, int agedConversations, List<Double> directRates,
               int pairs, String postgres, String postgresUser, External external) {

    static final List<String> ALL = List.of("idle", "direct", "fanout", "ingest", "rest", "reconnect");
    /** Run only when asked for: search needs an aged setup (docs/benchmarks.md, "Round 9"). */
    static final List<String> KNOWN = List.of("idle", "direct", "fanout", "ingest", "rest", "reconnect", "search");
    static final String DEFAULT_SETUPS = "h2-fresh,postgres-fresh,h2-aged";
    private static final String USAGE = " (known: --quick --scenarios=a,b --setups=" + DEFAULT_SETUPS + " --aged-messages=N"
            + " --aged-conversations=N --direct-rates=R1,R2 --pairs=N --postgres=HOST:PORT --postgres-user=USER --out=DIR"
            + " --parley-jar=JAR --server-heap=SIZE --server-jvm=FLAG --connections=N"
            + " --external=HOST:PORT[,HOST:PORT] --external-kafka=BOOTSTRAP --failover=NODE_HOST:PORT,PID_FILE,SENDERS_HOST:PORT"
            + " --failover-clients=N)";

    static Options parse(String[] args) {
        boolean quick = List.of(args).contains("--quick");
        List<String> scenarios = ALL;
        List<Setup> setups = setups(DEFAULT_SETUPS);
        Path out = Path.of("bench", "results", "latest");
        Path parleyJar = Path.of("server", "target", "parley.jar");
        String heap = "";
        int connections = quick ? 2000 : 15000;
        String serverJvm = "";
        long agedMessages = quick ? 200_000 : 5_000_000;
        int agedConversations = 10_000;
        List<Double> rates = quick ? List.of(1000.0, 20000.0) : List.of(1000.0, 5000.0, 12000.0, 20000.0, 30000.0);
        int pairs = quick ? 20 : 100;
        String postgres = "127.0.0.1:5432";
        String postgresUser = "";
        External external = null;
        String externalKafka = "";
        String failover = null;
        int failoverClients = 2000;
        for (String arg : args) {
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            switch (name) {
                case "--quick" -> { }
                case "--scenarios" -> {
                    scenarios = Arrays.asList(value.split(","));
                    if (!KNOWN.containsAll(scenarios)) {
                        throw new IllegalArgumentException("--scenarios takes some of " + KNOWN);
                    }
                }
                case "--setups" -> setups = setups(value);
                case "--aged-messages" -> agedMessages = positive(name, Long.parseLong(value.replace("_", "")));
                case "--aged-conversations" -> agedConversations = (int) positive(name, Integer.parseInt(value.replace("_", "")));
                case "--direct-rates" -> rates = Arrays.stream(value.split(",")).map(Double::parseDouble).toList();
                case "--pairs" -> pairs = (int) positive(name, Integer.parseInt(value));
                case "--postgres" -> postgres = value;
                case "--postgres-user" -> postgresUser = value;
                case "--out" -> out = Path.of(value);
                case "--parley-jar" -> parleyJar = Path.of(value);
                case "--server-heap" -> heap = value;
                case "--server-jvm" -> serverJvm = value; // e.g. -XX:StartFlightRecording=filename=parley.jfr,settings=profile
                case "--connections" -> connections = Integer.parseInt(value);
                case "--external" -> external = External.parse(value);
                case "--external-kafka" -> externalKafka = value;
                case "--failover" -> failover = value;
                case "--failover-clients" -> failoverClients = (int) positive(name, Integer.parseInt(value));
                default -> throw new IllegalArgumentException("unknown option " + arg + USAGE);
            }
        }
        if (agedMessages < agedConversations) {
            throw new IllegalArgumentException("--aged-messages must be at least --aged-conversations (" + agedConversations + ")");
        }
        if (external != null && externalKafka.isBlank()) {
            throw new IllegalArgumentException("--external needs --external-kafka (the cluster's bootstrap servers, for the Kafka ceiling)");
        }
        return new Options(quick, scenarios, setups, out, parleyJar, Path.of("bench", "target", "parley-bench.jar"), heap,
                connections, serverJvm, agedMessages, agedConversations, rates, pairs, postgres, postgresUser,
                external == null ? null : new External(external.senders(), external.receivers(), externalKafka,
                        failover == null ? null : failover.split(","), failoverClients));
    }

    /**
     * A deployment this run does not start (e.g. {@code bin/cluster}): senders connect to one
     * address, receivers to the same or to another (two nodes directly: every message crosses).
     */
    record External(String senders, String receivers, String kafka, String[] failover, int failoverClients) {

        static External parse(String value) {
            String[] addresses = value.split(",");
            return new External(addresses[0].trim(), addresses.length > 1 ? addresses[1].trim() : addresses[0].trim(), "", null, 0);
        }

        String name() {
            return senders.equals(receivers) ? "via " + senders : senders + " to " + receivers;
        }
    }

    private static List<Setup> setups(String names) {
        List<Setup> setups = Arrays.stream(names.split(",")).map(Setup::parse).toList();
        if (setups.stream().map(Setup::name).distinct().count() != setups.size()) {
            throw new IllegalArgumentException("--setups lists a setup twice: " + names);
        }
        return setups;
    }

    private static long positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return value;
    }

    /** Window of the fan-out, ingest and REST scenarios. */
    double seconds() {
        return quick ? 4 : 10;
    }

    /** Window of each direct-message rate (and of its Kafka ceiling). */
    double directSeconds() {
        return quick ? 4 : 20;
    }

    double warmUpSeconds() {
        return quick ? 5 : 15;
    }

    /** Offered fan-out loads (deliveries per second), each for every room size. */
    List<Integer> fanoutDeliveriesPerSecond() {
        return quick ? List.of(50_000) : List.of(50_000, 100_000, 200_000);
    }

    List<Integer> roomSizes() {
        return quick ? List.of(100) : List.of(100, 1000);
    }
}
