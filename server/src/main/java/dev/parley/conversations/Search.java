package dev.parley.conversations;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.parley.system.Blocking;
import dev.parley.system.ParleyError;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/search}: the newest archived messages that contain every word of a query, in
 * the caller's conversations or in one of them, paged with an opaque cursor (docs/protocol.md).
 */
final class Search {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    static final int MAX_QUERY_LENGTH = 200;
    static final int MAX_WORDS = 16;

    /** The request as the client gave it; any part but q may be null. */
    record Query(String q, String conversationId, String cursor, Integer limit) {
    }

    /** @param nextCursor pass as {@code cursor} for the next (older) page; null on the last page */
    record Page(List<MessageView> messages, String nextCursor) {
    }

    /** What separates words: anything but a letter or a digit (as PostgreSQL's parser, near enough for LIKE). */
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

    private final SearchStore store;
    private final ConversationAccess access;
    private final Blocking blocking;

    Search(SearchStore store, ConversationAccess access, Blocking blocking) {
        this.store = store;
        this.access = access;
        this.blocking = blocking;
    }

    Mono<Page> page(UUID user, Query query) {
        String text;
        List<String> words;
        SearchStore.Cursor after;
        int limit;
        try {
            text = query.q() == null ? "" : query.q().strip();
            words = words(text);
            after = query.cursor() == null || query.cursor().isBlank() ? null : decode(query.cursor());
            limit = limit(query.limit());
        } catch (ParleyError e) {
            return Mono.error(e);
        }
        // One conversation: the same access check, and errors, as its history.
        Mono<List<String>> scope = query.conversationId() == null ? Mono.just(List.of())
                : access.audienceFor(user, query.conversationId()).thenReturn(List.of(query.conversationId()));
        return scope.flatMap(one -> blocking.call(() -> {
            List<MessageView> rows = store.newest(user, one.isEmpty() ? null : one, text, words, after, limit + 1);
            if (rows.size() <= limit) {
                return new Page(rows, null);
            }
            List<MessageView> page = List.copyOf(rows.subList(0, limit));
            return new Page(page, encode(page.getLast()));
        }));
    }

    static List<String> words(String text) {
        if (text.isEmpty()) {
            throw ParleyError.invalid("q", "q is required: the words to search for");
        }
        if (text.length() > MAX_QUERY_LENGTH) {
            throw ParleyError.invalid("q", "q must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        if (CONTROL.matcher(text).find()) {
            throw ParleyError.invalid("q", "q must not contain control characters");
        }
        List<String> words = Arrays.stream(NOT_WORD.split(text.toLowerCase(Locale.ROOT))).filter(w -> !w.isEmpty()).distinct().toList();
        if (words.isEmpty()) {
            throw ParleyError.invalid("q", "q must contain a word (letters or digits)");
        }
        if (words.size() > MAX_WORDS) {
            throw ParleyError.invalid("q", "q must have at most " + MAX_WORDS + " words");
        }
        return words;
    }

    private static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1) {
            throw ParleyError.invalid("limit", "limit must be at least 1 (at most " + MAX_LIMIT + " are returned)");
        }
        return Math.min(limit, MAX_LIMIT);
    }

    /** The cursor is opaque to clients: the last message's send time and id, base64url. */
    static String encode(MessageView last) {
        Instant at = last.sentAt();
        String raw = at.getEpochSecond() + ":" + at.getNano() + ":" + last.serverMsgId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static SearchStore.Cursor decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 3);
            return new SearchStore.Cursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), UUID.fromString(parts[2]));
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException | java.time.DateTimeException e) {
            throw ParleyError.invalid("cursor", "cursor is not one this server handed out");
        }
    }
}
