package dev.parley.compat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.parley.accounts.AuthenticatedUser;
import dev.parley.gateway.Dialect;
import dev.parley.gateway.WebSocketEndpoint;
import dev.parley.rooms.RoomName;
import dev.parley.routing.Delivery;
import dev.parley.system.JsonFields;
import dev.parley.system.ParleyError;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /ws/{clientId}}, the room chat of the FastAPI demo clients. A frame
 * {@code {"username","message","room"}} is a {@code message.send} to the room (joined on first
 * use; {@code room} defaults to the default room, joined on connect); every member's connection
 * here gets {@link RoomChatMessage}s, its own messages included, as those clients expect. The user
 * is the token's: a {@code username} naming anyone else is refused with an error frame.
 * {@code clientId} is only a label.
 */
final class RoomChat implements WebSocketEndpoint {

    private final JsonMapper json;
    private final RoomsJoinedOnConnect joins;
    private final RoomName defaultRoom;

    RoomChat(JsonMapper json, RoomsJoinedOnConnect joins, CompatSettings settings) {
        this.json = json;
        this.joins = joins;
        this.defaultRoom = RoomName.parse("parley.compat.default-room", settings.defaultRoom());
    }

    @Override
    public String path() {
        return "/ws/{clientId}";
    }

    @Override
    public Mono<Dialect> open(ServerHttpRequest request, AuthenticatedUser user) {
        return joins.join(defaultRoom, user.userId()).thenReturn(new Chat(json, user, defaultRoom));
    }

    /** One connection's dialect. */
    static final class Chat implements Dialect {

        private final JsonMapper json;
        private final AuthenticatedUser user;
        private final RoomName defaultRoom;
        /** Rooms this connection has joined: the first message to any other joins it first. One frame at a time reads it. */
        private final Set<String> joined = new HashSet<>();

        Chat(JsonMapper json, AuthenticatedUser user, RoomName defaultRoom) {
            this.json = json;
            this.user = user;
            this.defaultRoom = defaultRoom;
            joined.add(defaultRoom.value());
        }

        @Override
        public List<ObjectNode> read(ObjectNode frame) {
            String username = JsonFields.text(frame, "username");
            if (username != null && !Identities.names(user, username)) {
                throw ParleyError.forbidden("username_mismatch",
                        "username must be the user of the access token (" + user.username() + "); it cannot be chosen per message");
            }
            String text = JsonFields.text(frame, "message");
            if (text == null || text.isBlank()) {
                throw ParleyError.invalid("message", "message is required");
            }
            String roomField = JsonFields.text(frame, "room");
            RoomName room = roomField == null ? defaultRoom : RoomName.parse("room", roomField);
            // The shape has no id of its own: no retries to recognise, a fresh clientMsgId per frame.
            ObjectNode send = NativeFrames.send(json, null, text).put("conversationId", room.conversationId());
            if (joined.add(room.value())) {
                return List.of(NativeFrames.join(json, room), send);
            }
            return List.of(send);
        }

        @Override
        public byte[] write(Delivery delivery) {
            return delivery.as(RoomChat.class, event -> {
                if (!event.isNewMessage()) {
                    return null;
                }
                RoomChatMessage message = RoomChatMessage.of(json.readTree(event.frame()).get("data"));
                return message == null ? null : json.writeValueAsBytes(message);
            });
        }

        @Override
        public boolean keeps(String replyType) {
            return replyType.equals("error");
        }

        @Override
        public boolean echoesOwnSends() {
            return true;
        }
    }
}
