package dev.parley.bench;

import java.util.ArrayList;
import java.util.List;

/** The scenario plan: what runs against Parley and against the ceilings, with which parameters. */
final class Scenarios {

    private final Options options;
    private final Target parley;
    private final Target ceiling;
    private final WsClients toParley;
    private final WsClients toCeiling;
    private final Accounts accounts;
    private final String kafkaBootstrap;
    private final List<Result> results;
    private final String tag = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);

    Scenarios(Options options, Target parley, Target ceiling, WsClients toParley, WsClients toCeiling, Accounts accounts,
              String kafkaBootstrap, List<Result> results) {
        this.options = options;
        this.parley = parley;
        this.ceiling = ceiling;
        this.toParley = toParley;
        this.toCeiling = toCeiling;
        this.accounts = accounts;
        this.kafkaBootstrap = kafkaBootstrap;
        this.results = results;
    }

    void scenario(String name) throws Exception {
        ArchiveLag.awaitCaughtUp(kafkaBootstrap);
        switch (name) {
            case "idle" -> idle();
            case "direct" -> direct();
            case "fanout" -> fanout();
            case "ingest" -> add(IngestScenario.run(parley, toParley, accounts.create(50, "ingest"), accounts.create(1, "sink").getFirst(),
                    10, options.seconds()));
            case "rest" -> {
                List<Accounts.Account> two = accounts.create(2, "rest");
                add(RestScenario.run(parley, accounts, two.get(0), two.get(1), 32, options.seconds()));
            }
            case "reconnect" -> {
                List<Accounts.Account> users = accounts.create((options.quick() ? 200 : 1000) + 1, "storm");
                add(ReconnectScenario.run(parley, toParley, users.getFirst(), users.subList(1, users.size()), "storm-" + tag, 20));
            }
            default -> throw new IllegalArgumentException(name);
        }
    }

    private void idle() throws Exception {
        int n = options.connections();
        List<Accounts.Account> users = accounts.create(Math.max(1, n / 10), "idle");
        add(IdleScenario.run(parley, toParley, n, i -> "/ws?token=" + users.get(i % users.size()).token(), 500));
        add(IdleScenario.run(ceiling, toCeiling, n, i -> "/ws", 500));
    }

    private void direct() throws Exception {
        int pairs = options.quick() ? 20 : 50;
        List<Accounts.Account> senders = accounts.create(pairs, "sender");
        List<Accounts.Account> receivers = accounts.create(pairs, "receiver");
        // Warm-up, not reported: the first seconds of a fresh JVM are spent compiling the message path.
        System.out.println("  warming up (15 s at 1,000 msg/s, not reported)");
        DirectScenario.run(parley, toParley, senders, receivers, 1000, options.quick() ? 5 : 15);
        ArchiveLag.awaitCaughtUp(kafkaBootstrap);
        for (double rate : options.directRates()) {
            add(DirectScenario.run(parley, toParley, senders, receivers, rate, options.seconds()));
            add(KafkaCeiling.run(parley, kafkaBootstrap, rate, options.seconds()));
        }
    }

    private void fanout() throws Exception {
        for (int members : options.roomSizes()) {
            List<Accounts.Account> users = accounts.create(members + 1, "member");
            List<String> paths = new ArrayList<>();
            users.forEach(u -> paths.add("/ws?token=" + u.token()));
            List<String> plain = new ArrayList<>();
            users.forEach(u -> plain.add("/ws"));
            // The same offered deliveries per second for every room size, raised until both servers fall behind.
            for (int offered : options.fanoutDeliveriesPerSecond()) {
                double rate = (double) offered / members;
                add(FanoutScenario.run(parley, toParley, paths, "fanout-" + members + "-" + offered + "-" + tag, rate, options.seconds()));
                add(FanoutScenario.run(ceiling, toCeiling, plain, null, rate, options.seconds()));
            }
        }
    }

    private void add(Result result) {
        results.add(result);
        System.out.println("  " + result.target() + " " + result.parameters() + " " + result.metrics() + " " + result.latencies());
    }
}
