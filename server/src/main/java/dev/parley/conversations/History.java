package dev.parley.conversations;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import dev.parley.log.LoggedMessage;
import dev.parley.system.Blocking;
import dev.parley.system.ParleyError;
import reactor.core.publisher.Mono;

/**
 * Pages of a conversation's messages, for REST and for the WebSocket {@code history.get}: the
 * archive below its position in the conversation's partition, and the log beyond it
 * ({@link Unarchived}), so a page never misses a message the log has and the archive not yet. Messages come
 * in their current state: the archive's, with the changes the log has beyond it applied ({@link Changes}).
 */
public final class History {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** The paging request as the client gave it; any part may be null. */
    public record Query(String conversationId, Long before, Long after, Integer limit) {
    }

    private final HistoryStore store;
    private final Unarchived unarchived;
    private final ConversationAccess access;
    private final Blocking blocking;

    History(HistoryStore store, Unarchived unarchived, ConversationAccess access, Blocking blocking) {
        this.store = store;
        this.unarchived = unarchived;
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
            Unarchived.Cut cut = unarchived.conversation(conversation);
            long archived = cut.archivedUpTo(unarchived.partitionOf(conversation));
            Changes changes = new Changes(cut.messages());
            List<LoggedMessage> unarchivedMessages = cut.messages().stream().filter(m -> m.record().isMessage()).toList();
            List<MessageView> recent = new ArrayList<>();
            for (LoggedMessage m : unarchivedMessages) {
                if (m.seq() > after && m.seq() < before) {
                    recent.add(MessageView.of(m));
                }
            }
            long archiveBefore = Math.min(before, archived);
            List<MessageView> messages = changes.apply(query.after() != null
                    ? oldestFirst(conversation, after, archiveBefore, recent, limit)
                    : newestFirst(conversation, after, archiveBefore, recent, limit));
            if (messages.isEmpty()) {
                return new HistoryPage(conversation, messages, null, null);
            }
            long first = messages.getFirst().seq();
            long last = messages.getLast().seq();
            boolean older = unarchivedMessages.stream().anyMatch(m -> m.seq() < first)
                    || !store.newestBetween(conversation, -1, Math.min(first, archived), 1).isEmpty();
            boolean newer = unarchivedMessages.stream().anyMatch(m -> m.seq() > last)
                    || !store.oldestBetween(conversation, last, archived, 1).isEmpty();
            return new HistoryPage(conversation, messages, older ? first : null, newer ? last : null);
        }));
    }

    /** The archive's part comes first (all of it is below the log's part). */
    private List<MessageView> oldestFirst(String conversation, long after, long archiveBefore, List<MessageView> recent, int limit) {
        List<MessageView> page = new ArrayList<>(store.oldestBetween(conversation, after, archiveBefore, limit));
        for (int i = 0; i < recent.size() && page.size() < limit; i++) {
            page.add(recent.get(i));
        }
        return page;
    }

    private List<MessageView> newestFirst(String conversation, long after, long archiveBefore, List<MessageView> recent, int limit) {
        List<MessageView> newest = recent.subList(Math.max(0, recent.size() - limit), recent.size());
        List<MessageView> page = new ArrayList<>();
        if (newest.size() < limit) {
            page.addAll(store.newestBetween(conversation, after, archiveBefore, limit - newest.size()));
            Collections.reverse(page);
        }
        page.addAll(newest);
        return page;
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
