package dev.parley.conversations;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a user's conversation list.
 *
 * @param kind         {@code dm} or {@code room}
 * @param peer         the other participant of a direct conversation (null for rooms)
 * @param lastMessage  the newest message, null for a room without messages
 * @param readSeq      how far the caller has read (null: never)
 * @param peerReadSeq  how far the other participant of a direct conversation has read (null: never, or a room)
 * @param unread       messages from others after {@code readSeq}
 * @param activityAt   time of the newest message, or when the caller joined a room without messages
 */
public record ConversationSummary(
        String conversationId,
        String kind,
        Peer peer,
        String room,
        MessageView lastMessage,
        Long readSeq,
        Long peerReadSeq,
        long unread,
        Instant activityAt) {

    public record Peer(UUID userId, String username) {
    }
}
