package dev.parley.history;

import java.util.Set;
import java.util.UUID;

import dev.parley.rooms.RoomName;
import dev.parley.rooms.Rooms;
import dev.parley.system.ParleyError;
import reactor.core.publisher.Mono;

/**
 * Who may see a conversation: the two participants of a direct conversation, the current members
 * of a room. Answers with the conversation's audience, or a typed error.
 */
public final class ConversationAccess {

    private final Rooms rooms;

    ConversationAccess(Rooms rooms) {
        this.rooms = rooms;
    }

    /** The conversation's audience, if {@code user} belongs to it; 400 for a malformed id, 403 for an outsider. */
    public Mono<Set<UUID>> audienceFor(UUID user, String conversationId) {
        if (conversationId == null || conversationId.isBlank()) {
            return Mono.error(ParleyError.invalid("conversationId", "conversationId is required"));
        }
        if (conversationId.startsWith(RoomName.PREFIX)) {
            RoomName room;
            try {
                room = RoomName.parse("conversationId", conversationId.substring(RoomName.PREFIX.length()));
            } catch (ParleyError e) {
                return Mono.error(e);
            }
            return rooms.members(room).flatMap(members -> members.contains(user) ? Mono.just(members)
                    : Mono.error(ParleyError.forbidden("not_a_member", "You are not a member of room '" + room.value() + "'")));
        }
        UUID[] participants = Conversations.participants(conversationId);
        if (participants == null) {
            return Mono.error(ParleyError.invalid("conversationId",
                    "conversationId must be 'room:<name>' or a direct conversation id 'dm:<uuid>:<uuid>'"));
        }
        if (!participants[0].equals(user) && !participants[1].equals(user)) {
            return Mono.error(ParleyError.forbidden("not_a_participant", "You are not a participant of " + conversationId));
        }
        return Mono.just(Set.of(participants[0], participants[1]));
    }
}
