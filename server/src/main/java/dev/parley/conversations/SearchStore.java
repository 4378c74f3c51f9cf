package dev.parley.conversations;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads of the archive for search: the newest messages of the given conversations that contain
 * every word, excluding deleted ones. Blocking. PostgreSQL matches with its full-text search (the
 * GIN index of db/vendor/postgresql/V7__search.sql), H2 with LIKE (docs/architecture.md, "Search").
 */
class SearchStore {

    /** Where the previous page ended: newest first by (sent_at, server_msg_id). */
    record Cursor(Instant sentAt, UUID serverMsgId) {
    }

    /** The user's conversations, as the conversation list reads them (ConversationListStore.MINE). */
    private static final String MINE = "SELECT conversation_id FROM direct_conversations WHERE user_id = ?"
            + " UNION ALL SELECT CONCAT('room:', room) FROM room_members WHERE user_id = ?";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final boolean fullText;
    private final Plan forced;

    /** @param fullText PostgreSQL's full-text search; LIKE otherwise */
    SearchStore(JdbcClient jdbc, TransactionTemplate transactions, boolean fullText) {
        this(jdbc, transactions, fullText, null);
    }

    /** @param forced the plan every query takes, rather than one chosen per query (tests) */
    SearchStore(JdbcClient jdbc, TransactionTemplate transactions, boolean fullText, Plan forced) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.fullText = fullText;
        this.forced = forced;
    }

    /** The conversation ids of every conversation of the user: its direct conversations with messages, the rooms it is a member of. */
    List<String> conversationsOf(UUID user) {
        return jdbc.sql(MINE).params(user, user).query(String.class).list();
    }

    /**
     * Up to {@code limit} matches in {@code conversations} (all of the user's when null), newest first, older than {@code after}.
     *
     * @param query the text as the user typed it (PostgreSQL parses it as it parses the content)
     * @param words its words, lowercase (H2 matches each of them)
     */
    List<MessageView> newest(UUID user, List<String> conversations, String query, List<String> words, Cursor after, int limit) {
        return transactions.execute(status -> {
            if (fullText) {
                // A plan for these parameters every time, never a cached generic one: whether a word is rare
                // (use the GIN index) or common (walk sent_at backwards) is known only from the word itself.
                jdbc.sql("SET LOCAL plan_cache_mode = force_custom_plan").update();
                // One core per query: parallel workers each walk ahead of the page a search needs, tripling the rows read.
                jdbc.sql("SET LOCAL max_parallel_workers_per_gather = 0").update();
            }
            List<String> ids = conversations != null ? conversations : conversationsOf(user);
            return ids.isEmpty() ? List.<MessageView>of() : matches(ids, query, words, after, limit);
        });
    }

    /**
     * How PostgreSQL is asked for a page. Left to itself its planner does well (walking time backwards
     * for a word common among the user's messages, the full-text index for a rare one), except for a
     * user with few messages and a frequent word: it intersects the index's long list for the word
     * with the user's conversations, where reading the user's few messages and checking each is
     * several times faster (docs/benchmarks.md, round 9). Chosen per query from its estimates
     * (EXPLAIN: nothing is read).
     */
    enum Plan { PLANNER, CONVERSATIONS_FIRST }

    private static final java.util.regex.Pattern PLAN_ROWS = java.util.regex.Pattern.compile("\"Plan Rows\":\\s*([0-9.eE+]+)");

    /**
     * Measured on the bench's archive: reading and checking one of the user's messages costs about
     * as much as 34 entries of a word's list in the full-text index.
     */
    static Plan cheapest(double inConversations, double matching) {
        return inConversations * 34 < matching ? Plan.CONVERSATIONS_FIRST : Plan.PLANNER;
    }

    private Plan plan(String[] ids, String query) {
        double inConversations = estimate("SELECT 1 FROM messages m WHERE m.conversation_id = ANY(?)", ids);
        double matching = estimate("SELECT 1 FROM messages m WHERE " + MATCH, query);
        return cheapest(inConversations, matching);
    }

    private double estimate(String sql, Object parameter) {
        String plan = String.join("\n", jdbc.sql("EXPLAIN (FORMAT JSON) " + sql).param(parameter).query(String.class).list());
        java.util.regex.Matcher rows = PLAN_ROWS.matcher(plan);
        return rows.find() ? Double.parseDouble(rows.group(1)) : Double.MAX_VALUE;
    }

    /** The stored, indexed tsvector of db/vendor/postgresql/V7__search.sql; plainto_tsquery: every word, punctuation ignored, never a syntax error. */
    private static final String MATCH = "m.search_vector @@ plainto_tsquery('simple', ?)";
    private static final String COLUMNS = "m." + HistoryStore.COLUMNS.replace(", ", ", m.");

    private List<MessageView> matches(List<String> ids, String query, List<String> words, Cursor after, int limit) {
        List<Object> params = new ArrayList<>();
        String[] conversations = ids.toArray(String[]::new);
        Plan plan = !fullText ? Plan.PLANNER : forced != null ? forced : plan(conversations, query);
        // An array parameter: one statement text whatever the number of conversations, and PostgreSQL
        // looks each row's conversation up in a hash of them rather than a list.
        String mine = " FROM messages m WHERE m.conversation_id = ANY(?) AND m.deleted_at IS NULL";
        params.add(conversations);
        StringBuilder sql;
        if (plan == Plan.CONVERSATIONS_FIRST) {
            // Materialized: the user's messages are read first, and only they are checked.
            sql = new StringBuilder("WITH mine AS MATERIALIZED (SELECT " + COLUMNS + ", m.search_vector" + mine + cursor(after, params)
                    + ") SELECT " + COLUMNS + " FROM mine m WHERE " + MATCH);
            params.add(query);
        } else {
            sql = new StringBuilder("SELECT " + COLUMNS + mine);
            if (fullText) {
                sql.append(" AND ").append(MATCH);
                params.add(query);
            } else {
                for (String word : words) {
                    // Words hold letters and digits only, so nothing in them is a LIKE wildcard.
                    sql.append(" AND LOWER(m.content) LIKE ?");
                    params.add("%" + word + "%");
                }
            }
            sql.append(cursor(after, params));
        }
        sql.append(" ORDER BY m.sent_at DESC, m.server_msg_id DESC LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(HistoryStore::row).list();
    }

    /** Only rows older than the cursor's: the first condition alone bounds an index scan; the second excludes the cursor's row and its elders at the same instant. */
    private static String cursor(Cursor after, List<Object> params) {
        if (after == null) {
            return "";
        }
        OffsetDateTime at = OffsetDateTime.ofInstant(after.sentAt(), ZoneOffset.UTC);
        params.add(at);
        params.add(at);
        params.add(after.serverMsgId());
        return " AND m.sent_at <= ? AND (m.sent_at < ? OR m.server_msg_id < ?)";
    }
}
