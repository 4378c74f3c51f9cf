package dev.parley.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The scenario plan: what runs against one {@link SetupRun} (Parley on one setup, and the
 * ceilings), with which parameters. Results measured on Parley or its broker are labelled with the
 * setup.
 */
final class Scenarios {

    /** Before each scenario: a backlog of this size takes the archive well under a minute to clear. */
    private static final Duration ARCHIVE_WAIT = Duration.ofMinutes(10);

    private final Options options;
    private final SetupRun run;
    private final Target parley;
    private final List<Result> results;
    private final String tag = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
    /** Users who take part in aged conversations (the first in a tenth of them): the search scenario's. */
    private static final int SEARCHERS = 21;
    private AgedRecords aged;
    private List<Accounts.Account> searchers = List.of();

    Scenarios(Options options, SetupRun run, List<Result> results) {
        this.options = options;
        this.run = run;
        this.parley = run.parley;
        this.results = results;
    }

    /** Ages the archive (aged setups): writes the configured number of messages to the log and waits until all are archived. */
    void fillArchive() throws Exception {
        System.out.println("== archive-fill (" + run.setup.name() + ")");
        List<AgedRecords.Member> members = new ArrayList<>();
        if (options.scenarios().contains("search")) {
            // Real users in some aged conversations, so that they can search them.
            searchers = run.accounts.create(SEARCHERS, "searcher");
            searchers.forEach(a -> members.add(new AgedRecords.Member(a.userId(), a.username())));
        }
        // Ends a minute ago, so every live message of the run is newer than the aged ones.
        aged = new AgedRecords(options.agedMessages(), options.agedConversations(), System.nanoTime(),
                Instant.now().minusSeconds(60), members);
        add(AgedArchive.fill(parley, run.kafkaBootstrap, run.archiveLag, aged, run::databaseBytes, run::archivedRows));
    }

    void scenario(String name) throws Exception {
        System.out.println("== " + name + " (" + run.setup.name() + ")");
        run.archiveLag.awaitCaughtUp(ARCHIVE_WAIT);
        switch (name) {
            case "idle" -> idle();
            case "direct" -> direct();
            case "fanout" -> fanout();
            case "ingest" -> add(IngestScenario.run(parley, run.toParley, run.accounts.create(50, "ingest"),
                    run.accounts.create(1, "sink").getFirst(), 10, options.seconds()));
            case "rest" -> {
                List<Accounts.Account> two = run.accounts.create(2, "rest");
                add(RestScenario.run(parley, run.accounts, two.get(0), two.get(1), 32, options.seconds()));
            }
            case "reconnect" -> {
                List<Accounts.Account> users = run.accounts.create((options.quick() ? 200 : 1000) + 1, "storm");
                add(ReconnectScenario.run(parley, run.toParley, users.getFirst(), users.subList(1, users.size()), "storm-" + tag, 20));
            }
            case "search" -> search();
            default -> throw new IllegalArgumentException(name);
        }
    }

    /** Scenarios that compare Parley with the transport ceiling (the broadcast server). */
    static boolean needsCeiling(String scenario) {
        return scenario.equals("idle") || scenario.equals("fanout");
    }

    private void idle() throws Exception {
        int n = options.connections();
        List<Accounts.Account> users = run.accounts.create(Math.max(1, n / 10), "idle");
        add(IdleScenario.run(parley, run.toParley, n, i -> "/ws?token=" + users.get(i % users.size()).token(), 500));
        add(IdleScenario.run(run.ceiling, run.toCeiling, n, i -> "/ws", 500));
    }

    private void direct() throws Exception {
        int pairs = options.pairs();
        List<Accounts.Account> senders = run.accounts.create(pairs, "sender");
        List<Accounts.Account> receivers = run.accounts.create(pairs, "receiver");
        // Warm-up, not reported: the first seconds of a fresh JVM are spent compiling the message path.
        System.out.printf("  warming up (%.0f s at 1,000 msg/s, not reported)%n", options.warmUpSeconds());
        DirectScenario.run(parley, run.toParley, senders, receivers, 1000, options.warmUpSeconds());
        for (double rate : options.directRates()) {
            // An overloaded window may leave a backlog; it must not land in the next window's figures.
            run.archiveLag.awaitCaughtUp(ARCHIVE_WAIT);
            add(DirectScenario.run(parley, run.toParley, senders, receivers, rate, options.directSeconds()));
            run.archiveLag.awaitCaughtUp(ARCHIVE_WAIT);
            add(KafkaCeiling.run(parley, run.kafkaBootstrap, rate, options.directSeconds()));
        }
    }

    private void search() throws Exception {
        if (aged == null || searchers.isEmpty()) {
            System.out.println("  skipped: search needs an aged setup (e.g. --setups=postgres-aged)");
            return;
        }
        if (run.database() != null) {
            // What autovacuum does after a bulk load (it is off on the CI's PostgreSQL): the planner needs the
            // words' frequencies (statistics of the search index's expression) to choose between its plans.
            run.database().execute("ANALYZE messages");
            run.database().execute("ANALYZE direct_conversations");
        }
        // The first seconds of a fresh JVM compile the path: a short warm-up, not reported.
        SearchScenario.run(parley, run.accounts, null, aged, searchers, 4, options.quick() ? 2 : 10);
        SearchScenario.run(parley, run.accounts, run.database(), aged, searchers, 4, options.quick() ? 4 : 30).forEach(this::add);
    }

    private void fanout() throws Exception {
        for (int members : options.roomSizes()) {
            List<Accounts.Account> users = run.accounts.create(members + 1, "member");
            List<String> paths = new ArrayList<>();
            users.forEach(u -> paths.add("/ws?token=" + u.token()));
            List<String> plain = new ArrayList<>();
            users.forEach(u -> plain.add("/ws"));
            // The same offered deliveries per second for every room size, raised until both servers fall behind.
            for (int offered : options.fanoutDeliveriesPerSecond()) {
                double rate = (double) offered / members;
                add(FanoutScenario.run(parley, run.toParley, paths, "fanout-" + members + "-" + offered + "-" + tag, rate, options.seconds()));
                add(FanoutScenario.run(run.ceiling, run.toCeiling, plain, null, rate, options.seconds()));
            }
        }
    }

    private void add(Result result) {
        // Parley's results and its broker's (kafka-ceiling) depend on the setup; the transport ceiling's do not.
        Result labelled = result.target().equals(parley.name()) ? result.withSetup(run.setup.name()) : result;
        results.add(labelled);
        System.out.println("  " + labelled.target() + " " + labelled.parameters() + " " + labelled.metrics() + " " + labelled.latencies());
    }
}
