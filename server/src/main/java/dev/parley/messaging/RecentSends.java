package dev.parley.messaging;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The ack futures of the sends in flight or recently acked on this node, by serverMsgId: what a
 * retry of the same send is answered with. The futures kept here are shared by every retry, so
 * callers only ever get copies: one that cancels its copy (a REST client hanging up) cancels only
 * its own wait. A send that failed is no answer: it is dropped and the retry tries again.
 */
final class RecentSends {

    private final Cache<UUID, CompletableFuture<MessageAck>> acks;

    RecentSends(Duration keep, long maxSends) {
        this.acks = Caffeine.newBuilder().maximumSize(maxSends).expireAfterWrite(keep).build();
    }

    /** A copy of the ack of {@code serverMsgId} in flight or acked, or null if there is none (or it failed). */
    CompletableFuture<MessageAck> find(UUID serverMsgId) {
        CompletableFuture<MessageAck> known = acks.getIfPresent(serverMsgId);
        if (known == null) {
            return null;
        }
        if (known.isCompletedExceptionally()) { // failed or cancelled: never the answer for a retry
            acks.asMap().remove(serverMsgId, known);
            return null;
        }
        return known.copy();
    }

    /**
     * Claims the slot of {@code serverMsgId} for {@code mine}, which the caller then completes:
     * null if claimed, otherwise a copy of the send that claimed it first (a retry racing this one).
     */
    CompletableFuture<MessageAck> claim(UUID serverMsgId, CompletableFuture<MessageAck> mine) {
        CompletableFuture<MessageAck> first = acks.asMap().putIfAbsent(serverMsgId, mine);
        return first == null ? null : first.copy();
    }

    /** {@code mine} failed: a retry must write again, not get this error for the next minutes. */
    void failed(UUID serverMsgId, CompletableFuture<MessageAck> mine) {
        acks.asMap().remove(serverMsgId, mine);
    }
}
