package dev.parley.bench;

import java.util.List;

/**
 * The direct and fan-out scenarios against a deployment this run did not start ({@code --external}),
 * e.g. the cluster of {@code bin/cluster} through its nginx, or two of its nodes directly. No server
 * CPU or memory figures (the processes are not ours). The ceilings come from the same run: the
 * Kafka round trip on the same cluster, with three replicas as the message log has there, and the
 * raw Netty broadcast server started here (on the same machine, not behind nginx).
 */
final class ExternalRun {

    private ExternalRun() {
    }

    /** {@code --failover}: kill a node under its clients (FailoverScenario); otherwise the direct and fan-out scenarios asked for. */
    static void run(Options options, List<Result> results) throws Exception {
        Options.External external = options.external();
        if (external.failover() == null) {
            if (options.scenarios().contains("direct")) {
                direct(options, results);
            }
            if (options.scenarios().contains("fanout")) {
                fanout(options, results);
            }
            return;
        }
        String[] f = external.failover();
        if (f.length != 3) {
            throw new IllegalArgumentException("--failover=NODE_HOST:PORT,PID_FILE,SENDERS_HOST:PORT");
        }
        System.out.println("== failover (" + external.failoverClients() + " clients on " + f[0] + ")");
        String[] balancer = external.senders().split(":");
        add(results, FailoverScenario.run(new FailoverScenario.Settings(external.senders(), f[0], java.nio.file.Path.of(f[1]), f[2],
                external.failoverClients(), 200, 20), new Accounts("http://" + balancer[0] + ":" + balancer[1])));
    }

    static void direct(Options options, List<Result> results) throws Exception {
        Options.External external = options.external();
        String[] to = external.senders().split(":");
        String[] from = external.receivers().split(":");
        Target target = new Target(external.name(), to[0], Integer.parseInt(to[1]), -1);
        try (WsClients toSenders = new WsClients(to[0], Integer.parseInt(to[1]), 2, 1);
             WsClients toReceivers = new WsClients(from[0], Integer.parseInt(from[1]), 2, 1)) {
            Accounts accounts = new Accounts(target.base());
            String tag = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
            List<Accounts.Account> senders = accounts.create(options.pairs(), "sender" + tag);
            List<Accounts.Account> receivers = accounts.create(options.pairs(), "receiver" + tag);
            System.out.printf("== direct (%s)%n  warming up (%.0f s at 1,000 msg/s, not reported)%n", target.name(), options.warmUpSeconds());
            DirectScenario.run(target, toSenders, toReceivers, senders, receivers, 1000, options.warmUpSeconds());
            for (double rate : options.directRates()) {
                add(results, DirectScenario.run(target, toSenders, toReceivers, senders, receivers, rate, options.directSeconds()));
                add(results, KafkaCeiling.run(target, external.kafka(), (short) 3, rate, options.directSeconds()));
            }
        }
    }

    /**
     * One room whose members connect through {@code --external} (behind nginx: spread over the
     * nodes round-robin), one publisher; then the same offered deliveries on the raw broadcast server.
     */
    static void fanout(Options options, List<Result> results) throws Exception {
        Options.External external = options.external();
        String[] to = external.senders().split(":");
        Target target = new Target(external.name(), to[0], Integer.parseInt(to[1]), -1);
        java.nio.file.Path logs = java.nio.file.Files.createTempDirectory("parley-bench-broadcast"); // its log is not a result
        int port = Bench.freePort();
        try (ServerProcess broadcast = ServerProcess.broadcast(options.benchJar(), port, logs, options.heap());
             WsClients toParley = new WsClients(to[0], Integer.parseInt(to[1]), 2, 1);
             WsClients toCeiling = new WsClients("127.0.0.1", port, 2, 1)) {
            Target ceiling = new Target("transport ceiling", "127.0.0.1", port, broadcast.pid());
            Accounts accounts = new Accounts(target.base());
            String tag = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
            System.out.printf("== fanout (%s)%n", target.name());
            for (int members : options.roomSizes()) {
                List<String> paths = new java.util.ArrayList<>();
                accounts.create(members + 1, "member" + tag).forEach(u -> paths.add("/ws?token=" + u.token()));
                List<String> plain = java.util.Collections.nCopies(members + 1, "/ws");
                for (int offered : options.fanoutDeliveriesPerSecond()) {
                    double rate = (double) offered / members;
                    add(results, FanoutScenario.run(target, toParley, paths, "fanout-" + members + "-" + offered + "-" + tag, rate,
                            options.seconds()));
                    add(results, FanoutScenario.run(ceiling, toCeiling, plain, null, rate, options.seconds()));
                }
            }
        }
    }

    private static void add(List<Result> results, Result result) {
        Result labelled = result.withSetup("cluster");
        results.add(labelled);
        System.out.println("  " + labelled.target() + " " + labelled.parameters() + " " + labelled.metrics() + " " + labelled.latencies());
    }
}
