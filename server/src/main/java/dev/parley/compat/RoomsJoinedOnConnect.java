package dev.parley.compat;

import java.time.Duration;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.rooms.RoomName;
import dev.parley.rooms.Rooms;
import reactor.core.publisher.Mono;

/**
 * Joins a connecting user to a room every connection of an endpoint is in (the broadcast room of
 * {@code /ws}, the default room of {@code /ws/{clientId}}). Users known to be members are
 * remembered here, so that a reconnect costs no database round trip and no cache reload.
 */
final class RoomsJoinedOnConnect {

    private final Rooms rooms;
    private final Cache<String, Boolean> members = Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterWrite(Duration.ofMinutes(10)) // a user who left the room since is joined again at the next connect
            .build();

    RoomsJoinedOnConnect(Rooms rooms) {
        this.rooms = rooms;
    }

    Mono<Void> join(RoomName room, UUID user) {
        String key = room.value() + "/" + user;
        if (members.getIfPresent(key) != null) {
            return Mono.empty();
        }
        return rooms.members(room)
                .flatMap(current -> current.contains(user) ? Mono.<Void>empty() : rooms.join(room, user).then())
                .doOnSuccess(done -> members.put(key, Boolean.TRUE));
    }
}
