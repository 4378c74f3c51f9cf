package dev.parley.gateway;

import dev.parley.conversations.ConversationAccess;
import dev.parley.conversations.ReadPositions;
import dev.parley.routing.Notifications;
import dev.parley.system.ParleyError;
import dev.parley.system.Quota;
import reactor.core.publisher.Mono;

/**
 * {@code read}: moves the user's read position forward and tells the conversation (the reader's
 * other devices included) with a {@code receipt}. A position that does not move sends nothing.
 * Limited per connection ({@link FrameLimits}), checked before the database is asked: a refused
 * read is answered {@code rate_limited} with {@code retryAfterMs}, and moves nothing.
 */
final class ReadHandler implements FrameHandler {

    private final ConversationAccess access;
    private final ReadPositions positions;
    private final Notifications notifications;
    private final Quota<String> quota;

    ReadHandler(ConversationAccess access, ReadPositions positions, Notifications notifications, Quota<String> quota) {
        this.quota = quota;
        this.access = access;
        this.positions = positions;
        this.notifications = notifications;
    }

    @Override
    public String type() {
        return "read";
    }

    @Override
    public Mono<Void> handle(Connection connection, InboundFrame frame) {
        String conversationId = frame.text("conversationId");
        Long seq = frame.number("seq");
        if (seq == null) {
            return Mono.error(ParleyError.invalid("seq", "seq is required"));
        }
        long wait = quota.take(connection.id());
        if (wait > 0) {
            return Mono.error(ParleyError.rateLimited("Too many read frames; the position was not moved, send the newest after "
                    + wait + " ms", wait));
        }
        return access.audienceFor(connection.user().userId(), conversationId)
                .flatMap(audience -> positions.markRead(connection.user().userId(), conversationId, seq)
                        .doOnNext(read -> {
                            if (read.moved()) {
                                notifications.receipt(connection.user(), conversationId, read.seq(), audience, connection.id());
                            }
                        }))
                .then();
    }
}
