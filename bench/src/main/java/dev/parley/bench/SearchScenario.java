package dev.parley.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /api/v1/search} over an aged archive: users with many conversations (the first member
 * of {@link AgedRecords}, in a tenth of them) and with a few, common and rare words, across all
 * their conversations and in one, with a fixed number of requests in flight. On PostgreSQL it also
 * asks the database for the plan of each kind of query (EXPLAIN ANALYZE of the server's statement).
 */
final class SearchScenario {

    /** What is searched: common words (in most messages, in a few percent), a rarer one, a rare one, and two words together. */
    static final Map<String, String> QUERIES = queries();

    private SearchScenario() {
    }

    private static Map<String, String> queries() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("common", "the");
        q.put("frequent", "thanks");
        q.put("medium", AgedRecords.word(200));
        q.put("rare", AgedRecords.word(15_000));
        q.put("two-words", "deploy " + AgedRecords.word(500));
        return q;
    }

    static List<Result> run(Target target, Accounts accounts, PostgresDatabase database, AgedRecords records,
                            List<Accounts.Account> members, int concurrency, double seconds) throws Exception {
        List<Result> results = new ArrayList<>();
        Map<String, Latencies> byKind = new LinkedHashMap<>();
        Latencies all = new Latencies();
        AtomicLong errors = new AtomicLong();
        AtomicLong hits = new AtomicLong();
        Semaphore inFlight = new Semaphore(concurrency);
        ProcStats.CpuWindow cpu = target.cpu();
        long started = System.nanoTime();
        long end = started + (long) (seconds * 1e9);
        List<String> kinds = new ArrayList<>(QUERIES.keySet());
        long n = 0;
        while (System.nanoTime() < end) {
            // In turn: the user with many conversations or one with a few; every word; all conversations or the user's first.
            Accounts.Account who = n % 2 == 0 ? members.getFirst() : members.get(1 + (int) ((n / 2) % (members.size() - 1)));
            String kind = kinds.get((int) ((n / 2) % kinds.size()));
            boolean one = (n / (2L * kinds.size())) % 2 == 1;
            String label = (who == members.getFirst() ? "many" : "few") + "/" + kind + (one ? "/one" : "/all");
            String path = "/api/v1/search?limit=20&q=" + URLEncoder.encode(QUERIES.get(kind), StandardCharsets.UTF_8)
                    + (one ? "&conversationId=" + records.conversationsOf(who.userId()).getFirst() : "");
            Latencies latency = byKind.computeIfAbsent(label, k -> new Latencies());
            n++;
            inFlight.acquire();
            long sentAt = System.nanoTime();
            accounts.get(path, who.token()).whenComplete((body, error) -> {
                long micros = (System.nanoTime() - sentAt) / 1000;
                if (error == null) {
                    all.record(micros);
                    latency.record(micros);
                    if (body.contains("\"serverMsgId\"")) {
                        hits.incrementAndGet();
                    }
                } else {
                    errors.incrementAndGet();
                }
                inFlight.release();
            });
        }
        inFlight.acquire(concurrency);
        double elapsed = (System.nanoTime() - started) / 1e9;
        Result overall = target.withServerStats(Result.of("search", target.name()), cpu)
                .param("concurrency", concurrency).param("seconds", seconds).param("members", members.size())
                .metric("answered", all.count()).metric("withResults", hits.get()).metric("errors", errors.get())
                .metric("perSecond", all.count() / elapsed);
        results.add(withP95(overall, "response", all));
        byKind.forEach((label, latency) -> results.add(withP95(Result.of("search-kind", target.name()).param("query", label),
                "response", latency)));
        if (database != null) {
            results.addAll(plans(database, target.name(), records, members));
        }
        return results;
    }

    private static Result withP95(Result result, String name, Latencies latency) {
        return result.latency(name, latency).metric("p95Ms", latency.percentileMillis(95));
    }

    /** The plan PostgreSQL chooses for each kind of query, with its estimated cost and the time it took (a second run: warm). */
    private static List<Result> plans(PostgresDatabase database, String target, AgedRecords records, List<Accounts.Account> members) {
        List<Result> plans = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password())) {
            c.setAutoCommit(false);
            c.createStatement().execute("SET plan_cache_mode = force_custom_plan");
            c.createStatement().execute("SET max_parallel_workers_per_gather = 0");
            for (Accounts.Account who : List.of(members.getFirst(), members.get(1))) {
                for (Map.Entry<String, String> query : QUERIES.entrySet()) {
                    // The statement of the server's SearchStore on PostgreSQL when it leaves the plan to the planner
                    // (first page, all conversations); for a user with few messages and a frequent word it reads them first instead.
                    String sql = "EXPLAIN (ANALYZE, FORMAT JSON) SELECT m.* FROM messages m WHERE m.conversation_id = ANY(?)"
                            + " AND m.deleted_at IS NULL AND m.search_vector @@ plainto_tsquery('simple', ?)"
                            + " ORDER BY m.sent_at DESC, m.server_msg_id DESC LIMIT 21";
                    String plan = null;
                    for (int run = 0; run < 2; run++) {
                        try (PreparedStatement s = c.prepareStatement(sql)) {
                            s.setArray(1, c.createArrayOf("varchar", records.conversationsOf(who.userId()).toArray()));
                            s.setString(2, query.getValue());
                            try (ResultSet rs = s.executeQuery()) {
                                rs.next();
                                plan = rs.getString(1);
                            }
                        }
                    }
                    plans.add(Result.of("search-plan", target).param("query", (who == members.getFirst() ? "many" : "few") + "/" + query.getKey())
                            .metric("totalCost", first(plan, "Total Cost")).metric("executionMs", first(plan, "Execution Time"))
                            .metric("nodes", String.join(" > ", nodes(plan))));
                }
            }
            c.rollback();
        } catch (SQLException e) {
            plans.add(Result.of("search-plan", target).metric("error", e.getMessage()));
        }
        return plans;
    }

    /** The first value of a numeric field of a JSON plan: the outermost node's. */
    private static double first(String plan, String field) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + field + "\": ([0-9.]+)").matcher(plan);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    /** The plan's node types, outermost first, with the index each scan uses. */
    private static List<String> nodes(String plan) {
        List<String> nodes = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"Node Type\": \"([^\"]+)\"(?:[^{}]*?\"Index Name\": \"([^\"]+)\")?").matcher(plan);
        while (m.find()) {
            nodes.add(m.group(1) + (m.group(2) == null ? "" : " (" + m.group(2) + ")"));
        }
        return nodes;
    }
}
