package dev.parley.conversations;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.parley.accounts.User;
import dev.parley.accounts.UserDirectory;
import dev.parley.rooms.RoomName;
import dev.parley.rooms.Rooms;
import dev.parley.system.ParleyError;
import reactor.core.publisher.Mono;

/**
 * Who may see and write to a conversation: the two participants of a direct conversation (just one
 * in a notes conversation, a direct message to yourself), the current members of a room. The one access check behind sending, history, read positions and
 * typing, so that all of them answer with the same typed errors.
 */
public final class ConversationAccess {

    /** Where a send goes: the conversation, and the recipient (direct) or the room. */
    public record Target(String conversationId, Optional<User> recipient, Optional<RoomName> room) {
    }

    private static final String MALFORMED = "conversationId must be 'room:<name>' or a direct conversation id 'dm:<uuid>:<uuid>'";

    private final Rooms rooms;
    private final UserDirectory users;

    ConversationAccess(Rooms rooms, UserDirectory users) {
        this.rooms = rooms;
        this.users = users;
    }

    /** The conversation's audience, if {@code user} belongs to it; 400 for a malformed id, 403 for an outsider. */
    public Mono<Set<UUID>> audienceFor(UUID user, String conversationId) {
        if (conversationId == null || conversationId.isBlank()) {
            return Mono.error(ParleyError.invalid("conversationId", "conversationId is required"));
        }
        if (conversationId.startsWith(RoomName.PREFIX)) {
            return room(conversationId).flatMap(room -> roomMembers(user, room));
        }
        return participants(user, conversationId).map(p -> Conversations.participants(p[0], p[1]));
    }

    /** Where {@code sender}'s message goes: to a user (by username or id) or to a conversation the sender belongs to. */
    public Mono<Target> sendTarget(UUID sender, String to, String conversationId) {
        if (to != null) {
            return direct(sender, users.byIdOrUsername(to), to);
        }
        if (conversationId.startsWith(RoomName.PREFIX)) {
            return room(conversationId).flatMap(room -> roomMembers(sender, room)
                    .thenReturn(new Target(room.conversationId(), Optional.empty(), Optional.of(room))));
        }
        return participants(sender, conversationId).flatMap(p -> {
            UUID other = p[0].equals(sender) ? p[1] : p[0];
            return direct(sender, users.byId(other), other.toString());
        });
    }

    private Mono<RoomName> room(String conversationId) {
        try {
            return Mono.just(RoomName.parse("conversationId", conversationId.substring(RoomName.PREFIX.length())));
        } catch (ParleyError e) {
            return Mono.error(e);
        }
    }

    private Mono<Set<UUID>> roomMembers(UUID user, RoomName room) {
        return rooms.members(room).flatMap(members -> members.contains(user) ? Mono.just(members)
                : Mono.error(ParleyError.forbidden("not_a_member", "You are not a member of room '" + room.value()
                        + "'; join it first")));
    }

    private Mono<UUID[]> participants(UUID user, String conversationId) {
        UUID[] participants = Conversations.participants(conversationId);
        if (participants == null) {
            return Mono.error(ParleyError.invalid("conversationId", MALFORMED));
        }
        if (!participants[0].equals(user) && !participants[1].equals(user)) {
            return Mono.error(ParleyError.forbidden("not_a_participant", "You are not a participant of " + conversationId));
        }
        return Mono.just(participants);
    }

    private Mono<Target> direct(UUID sender, Mono<Optional<User>> lookup, String reference) {
        return lookup.flatMap(found -> found
                .map(user -> Mono.just(new Target(Conversations.direct(sender, user.id()), Optional.of(user), Optional.<RoomName>empty())))
                .orElseGet(() -> Mono.error(ParleyError.notFound("unknown_recipient", "No user '" + reference + "'"))));
    }
}
