package dev.parley.history;

import java.util.List;
import java.util.UUID;

import dev.parley.system.Blocking;
import reactor.core.publisher.Mono;

/** What a resuming client missed, read from the archive in pages. */
public final class ResumeSource {

    private final ConversationListStore conversations;
    private final HistoryStore messages;
    private final Blocking blocking;

    ResumeSource(ConversationListStore conversations, HistoryStore messages, Blocking blocking) {
        this.conversations = conversations;
        this.messages = messages;
        this.blocking = blocking;
    }

    /** Every conversation of the user that has messages, with its newest seq and the user's read position. */
    public Mono<List<ResumeTarget>> targets(UUID user) {
        return blocking.call(() -> conversations.targets(user));
    }

    /** Up to {@code limit} messages of the conversation after {@code after}, oldest first. */
    public Mono<List<MessageView>> after(String conversationId, long after, int limit) {
        return blocking.call(() -> messages.oldestBetween(conversationId, after, Long.MAX_VALUE, limit));
    }
}
