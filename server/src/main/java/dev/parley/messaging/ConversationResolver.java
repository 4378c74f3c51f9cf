package dev.parley.messaging;

import java.util.Optional;
import java.util.UUID;

import dev.parley.history.Conversations;
import dev.parley.accounts.AuthenticatedUser;
import dev.parley.accounts.User;
import dev.parley.accounts.UserDirectory;
import dev.parley.rooms.RoomName;
import dev.parley.rooms.Rooms;
import dev.parley.system.ParleyError;
import reactor.core.publisher.Mono;

/** Works out which conversation a send goes to, and whether the sender may post there. */
final class ConversationResolver {

    record Target(String conversationId, Optional<User> recipient, Optional<RoomName> room) {
    }

    private final UserDirectory users;
    private final Rooms rooms;

    ConversationResolver(UserDirectory users, Rooms rooms) {
        this.users = users;
        this.rooms = rooms;
    }

    Mono<Target> resolve(AuthenticatedUser sender, SendCommand command) {
        if (command.to() != null) {
            return direct(sender, users.byIdOrUsername(command.to()), command.to());
        }
        String conversationId = command.conversationId();
        if (conversationId.startsWith(RoomName.PREFIX)) {
            RoomName room = RoomName.parse("conversationId", conversationId.substring(RoomName.PREFIX.length()));
            return rooms.members(room).flatMap(members -> members.contains(sender.userId())
                    ? Mono.just(new Target(room.conversationId(), Optional.empty(), Optional.of(room)))
                    : Mono.error(ParleyError.forbidden("not_a_member", "Join room '" + room.value() + "' before sending to it")));
        }
        UUID[] participants = Conversations.participants(conversationId);
        if (participants == null) {
            return Mono.error(ParleyError.invalid("conversationId", "conversationId must be 'room:<name>' or a direct conversation id 'dm:<uuid>:<uuid>'"));
        }
        if (!participants[0].equals(sender.userId()) && !participants[1].equals(sender.userId())) {
            return Mono.error(ParleyError.forbidden("not_a_participant", "You are not a participant of " + conversationId));
        }
        UUID other = participants[0].equals(sender.userId()) ? participants[1] : participants[0];
        return direct(sender, users.byId(other), other.toString());
    }

    private Mono<Target> direct(AuthenticatedUser sender, Mono<Optional<User>> lookup, String reference) {
        return lookup.flatMap(found -> found
                .map(user -> Mono.just(new Target(Conversations.direct(sender.userId(), user.id()), Optional.of(user), Optional.<RoomName>empty())))
                .orElseGet(() -> Mono.error(ParleyError.notFound("unknown_recipient", "No user '" + reference + "'"))));
    }
}
