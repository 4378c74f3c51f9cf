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

    /** @param fullText PostgreSQL's full-text search; LIKE otherwise */
    SearchStore(JdbcClient jdbc, TransactionTemplate transactions, boolean fullText) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.fullText = fullText;
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
            }
            List<String> ids = conversations != null ? conversations : conversationsOf(user);
            return ids.isEmpty() ? List.<MessageView>of() : matches(ids, query, words, after, limit);
        });
    }

    private List<MessageView> matches(List<String> ids, String query, List<String> words, Cursor after, int limit) {
        List<Object> params = new ArrayList<>();
        // An array parameter: one statement text whatever the number of conversations, and PostgreSQL
        // looks each row's conversation up in a hash of them rather than a list.
        StringBuilder sql = new StringBuilder("SELECT m.* FROM messages m WHERE m.conversation_id = ANY(?) AND m.deleted_at IS NULL");
        params.add(ids.toArray(String[]::new));
        if (fullText) {
            // The same expression as the index; plainto_tsquery: every word, punctuation ignored, never a syntax error.
            sql.append(" AND to_tsvector('simple', m.content) @@ plainto_tsquery('simple', ?)");
            params.add(query);
        } else {
            for (String word : words) {
                // Words hold letters and digits only, so nothing in them is a LIKE wildcard.
                sql.append(" AND LOWER(m.content) LIKE ?");
                params.add("%" + word + "%");
            }
        }
        if (after != null) {
            // The first condition alone bounds the index scan; the second excludes the cursor's row and its elders at the same instant.
            sql.append(" AND m.sent_at <= ? AND (m.sent_at < ? OR m.server_msg_id < ?)");
            OffsetDateTime at = OffsetDateTime.ofInstant(after.sentAt(), ZoneOffset.UTC);
            params.add(at);
            params.add(at);
            params.add(after.serverMsgId());
        }
        sql.append(" ORDER BY m.sent_at DESC, m.server_msg_id DESC LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(HistoryStore::row).list();
    }
}
