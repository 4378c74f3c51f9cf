package dev.parley.gateway;

import dev.parley.conversations.ConversationAccess;
import dev.parley.routing.Notifications;
import dev.parley.system.ParleyError;
import dev.parley.system.Quota;
import reactor.core.publisher.Mono;

/**
 * {@code typing}: an ephemeral hint to the other participants, never stored. Limited per connection
 * ({@link FrameLimits}); beyond that the client gets {@code rate_limited} with {@code retryAfterMs}
 * and nothing is forwarded.
 */
final class TypingHandler implements FrameHandler {

    private final ConversationAccess access;
    private final Notifications notifications;
    private final Quota<String> quota;

    TypingHandler(ConversationAccess access, Notifications notifications, Quota<String> quota) {
        this.access = access;
        this.notifications = notifications;
        this.quota = quota;
    }

    @Override
    public String type() {
        return "typing";
    }

    @Override
    public Mono<Void> handle(Connection connection, InboundFrame frame) {
        String conversationId = frame.text("conversationId");
        long wait = quota.take(connection.id());
        if (wait > 0) {
            return Mono.error(ParleyError.rateLimited("Too many typing events; nothing was forwarded, send the next after "
                    + wait + " ms", wait));
        }
        return access.audienceFor(connection.user().userId(), conversationId)
                .doOnNext(audience -> notifications.typing(connection.user(), conversationId, audience))
                .then();
    }
}
