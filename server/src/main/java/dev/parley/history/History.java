package dev.parley.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import dev.parley.system.Blocking;
import dev.parley.system.ParleyError;
import reactor.core.publisher.Mono;

/** Pages of a conversation's archived messages, for REST and for the WebSocket {@code history.get}. */
public final class History {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** The paging request as the client gave it; any part may be null. */
    public record Query(String conversationId, Long before, Long after, Integer limit) {
    }

    private final HistoryStore store;
    private final ConversationAccess access;
    private final Blocking blocking;

    History(HistoryStore store, ConversationAccess access, Blocking blocking) {
        this.store = store;
        this.access = access;
        this.blocking = blocking;
    }

    /**
     * Without cursors: the newest messages. With {@code before}: the newest messages older than it.
     * With {@code after}: the oldest messages newer than it. With both: the oldest in between.
     */
    public Mono<HistoryPage> page(UUID user, Query query) {
        int limit;
        try {
            limit = validate(query);
        } catch (ParleyError e) {
            return Mono.error(e);
        }
        String conversation = query.conversationId();
        long after = query.after() == null ? -1 : query.after();
        long before = query.before() == null ? Long.MAX_VALUE : query.before();
        return access.audienceFor(user, conversation).then(blocking.call(() -> {
            List<MessageView> messages;
            if (query.after() != null) {
                messages = store.oldestBetween(conversation, after, before, limit);
            } else {
                messages = new ArrayList<>(store.newestBetween(conversation, after, before, limit));
                Collections.reverse(messages);
            }
            if (messages.isEmpty()) {
                return new HistoryPage(conversation, messages, null, null);
            }
            long first = messages.getFirst().seq();
            long last = messages.getLast().seq();
            boolean older = !store.newestBetween(conversation, -1, first, 1).isEmpty();
            boolean newer = !store.oldestBetween(conversation, last, Long.MAX_VALUE, 1).isEmpty();
            return new HistoryPage(conversation, messages, older ? first : null, newer ? last : null);
        }));
    }

    private static int validate(Query query) {
        if (query.before() != null && query.before() < 0) {
            throw ParleyError.invalid("before", "before must be a seq (0 or more)");
        }
        if (query.after() != null && query.after() < -1) {
            throw ParleyError.invalid("after", "after must be a seq, or -1 for the beginning");
        }
        if (query.before() != null && query.after() != null && query.after() >= query.before()) {
            throw ParleyError.invalid("after", "after must be smaller than before");
        }
        if (query.limit() == null) {
            return DEFAULT_LIMIT;
        }
        if (query.limit() < 1) {
            throw ParleyError.invalid("limit", "limit must be at least 1 (at most " + MAX_LIMIT + " are returned)");
        }
        return Math.min(query.limit(), MAX_LIMIT);
    }
}
