package dev.parley.conversations;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * What a resuming client missed: the archive in pages, and the log beyond the archive. An
 * interface because the gateway's catch-up logic is tested against an in-memory one.
 */
public interface ResumeSource {

    /**
     * Read once per catch-up round, after the connection started holding live events: the user's
     * conversations, each with the archive's position in its partition, and every event (message
     * or change) of the user's conversations that the log has beyond those positions (in seq order
     * per conversation), and when each message deleted there was deleted: a page of the archive read
     * later shows those as deleted too.
     */
    record CatchUp(List<ResumeTarget> targets, Map<String, List<ConversationEvent>> unarchived, Map<UUID, Instant> deletedBeyond) {

        public CatchUp(List<ResumeTarget> targets, Map<String, List<ConversationEvent>> unarchived) {
            this(targets, unarchived, Map.of());
        }
    }

    Mono<CatchUp> catchUp(UUID user);

    /**
     * Up to {@code limit} archived events (messages and changes) of the conversation with after < seq < before, oldest
     * first; a message in {@code deletedBeyond} (from the round's {@link CatchUp}) as its tombstone.
     */
    Mono<List<ConversationEvent>> archived(String conversationId, long after, long before, int limit, Map<UUID, Instant> deletedBeyond);
}
