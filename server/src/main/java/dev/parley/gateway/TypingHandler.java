package dev.parley.gateway;

import java.time.Duration;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.conversations.ConversationAccess;
import dev.parley.routing.Notifications;
import dev.parley.system.ParleyError;
import reactor.core.publisher.Mono;

/**
 * {@code typing}: an ephemeral hint to the other participants, never stored. Limited per user to a
 * burst of {@value #BURST} and then one per {@value #REFILL_MILLIS} ms; beyond that the client gets
 * {@code rate_limited} and nothing is forwarded.
 */
final class TypingHandler implements FrameHandler {

    static final int BURST = 5;
    static final long REFILL_MILLIS = 1000;

    /** A token bucket; refilled lazily when asked. */
    private static final class Bucket {
        private double tokens = BURST;
        private long refilledAt = System.nanoTime();

        synchronized boolean take() {
            long now = System.nanoTime();
            tokens = Math.min(BURST, tokens + (now - refilledAt) / (REFILL_MILLIS * 1_000_000.0));
            refilledAt = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }

    private final ConversationAccess access;
    private final Notifications notifications;
    private final Cache<UUID, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(1)).maximumSize(200_000).build();

    TypingHandler(ConversationAccess access, Notifications notifications) {
        this.access = access;
        this.notifications = notifications;
    }

    @Override
    public String type() {
        return "typing";
    }

    @Override
    public Mono<Void> handle(Connection connection, InboundFrame frame) {
        String conversationId = frame.text("conversationId");
        if (!buckets.get(connection.user().userId(), id -> new Bucket()).take()) {
            return Mono.error(ParleyError.tooManyRequests("rate_limited", "Too many typing events; send at most one every few seconds"));
        }
        return access.audienceFor(connection.user().userId(), conversationId)
                .doOnNext(audience -> notifications.typing(connection.user(), conversationId, audience))
                .then();
    }
}
