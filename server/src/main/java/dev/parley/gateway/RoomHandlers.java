package dev.parley.gateway;

import java.util.UUID;
import java.util.function.BiFunction;

import dev.parley.rooms.RoomName;
import dev.parley.rooms.Rooms;
import reactor.core.publisher.Mono;

/** {@code room.join} and {@code room.leave}, each confirmed with a frame of its own. */
final class RoomHandlers {

    private RoomHandlers() {
    }

    static FrameHandler join(Rooms rooms) {
        return new Membership("room.join", "room.joined", rooms::join);
    }

    static FrameHandler leave(Rooms rooms) {
        return new Membership("room.leave", "room.left", rooms::leave);
    }

    private record Membership(String type, String confirmation,
                              BiFunction<RoomName, UUID, Mono<Rooms.Membership>> change) implements FrameHandler {

        @Override
        public Mono<Void> handle(Connection connection, InboundFrame frame) {
            RoomName room = RoomName.parse("room", frame.text("room"));
            return change.apply(room, connection.user().userId())
                    .doOnNext(m -> connection.send(new Frames.Frame(confirmation,
                            new Frames.RoomData(m.room().value(), m.room().conversationId(), m.members()))))
                    .then();
        }
    }
}
