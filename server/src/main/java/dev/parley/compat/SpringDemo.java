package dev.parley.compat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.parley.accounts.AuthenticatedUser;
import dev.parley.accounts.UserDirectory;
import dev.parley.gateway.Dialect;
import dev.parley.gateway.WebSocketEndpoint;
import dev.parley.rooms.RoomName;
import dev.parley.system.JsonFields;
import dev.parley.system.ParleyError;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /ws}: Parley's own protocol, plus the frames of the Spring multi-server demo clients. A
 * frame with no {@code type} but a {@code message} is {@code {"message","recipientId"}}: a direct
 * message to {@code recipientId}, or without it a message to the broadcast room. Every demo
 * client is in that room: joined on connect when it names itself with {@code X-Auth-User-Id} (as
 * those clients do), else at its first broadcast. A Parley client on {@code /ws} is never put in
 * it. Events go out in Parley's own shape.
 * <p>
 * Those clients name themselves with {@code X-Auth-User-Id}, which proves nothing. Without a
 * token it is taken as the user only when {@code parley.compat.trust-user-id-header} is set
 * (local development); otherwise the upgrade is refused with 401 and the reason. With a token,
 * the header must name the token's user (403 otherwise).
 */
final class SpringDemo implements WebSocketEndpoint {

    static final String USER_ID_HEADER = "X-Auth-User-Id";
    /** How long a connection identified by the header lives before it must reconnect (a token's would end it too). */
    private static final Duration TRUSTED_HEADER_LIFETIME = Duration.ofHours(12);

    private final JsonMapper json;
    private final RoomsJoinedOnConnect joins;
    private final UserDirectory users;
    private final boolean trustUserIdHeader;
    private final RoomName broadcastRoom;

    SpringDemo(JsonMapper json, RoomsJoinedOnConnect joins, UserDirectory users, CompatSettings settings) {
        this.json = json;
        this.joins = joins;
        this.users = users;
        this.trustUserIdHeader = settings.trustUserIdHeader();
        String room = settings.broadcastRoomOrNull();
        this.broadcastRoom = room == null ? null : RoomName.parse("parley.compat.broadcast-room", room);
    }

    @Override
    public String path() {
        return "/ws";
    }

    @Override
    public Mono<AuthenticatedUser> identify(ServerHttpRequest request, AuthenticatedUser fromToken) {
        String claimed = Identities.headerOrQuery(request, USER_ID_HEADER);
        if (claimed == null) {
            return WebSocketEndpoint.super.identify(request, fromToken);
        }
        if (fromToken != null) {
            return Identities.names(fromToken, claimed) ? Mono.just(fromToken)
                    : Mono.error(ParleyError.forbidden("identity_mismatch", USER_ID_HEADER + " names another user than the access token"));
        }
        if (!trustUserIdHeader) {
            return Mono.error(ParleyError.unauthorized("user_id_header_not_trusted", USER_ID_HEADER
                    + " names a user but proves nothing, so Parley does not take it as the user: anyone could claim anyone."
                    + " Connect with ?token=<access token> (or an Authorization: Bearer header). For local development only,"
                    + " parley.compat.trust-user-id-header=true accepts it."));
        }
        return users.byIdOrUsername(claimed.trim()).flatMap(found -> found
                .map(user -> Mono.just(new AuthenticatedUser(user.id(), user.username(), Instant.now().plus(TRUSTED_HEADER_LIFETIME), null)))
                .orElseGet(() -> Mono.error(ParleyError.unauthorized("unknown_user", USER_ID_HEADER + " names no user"))));
    }

    @Override
    public Mono<Dialect> open(ServerHttpRequest request, AuthenticatedUser user) {
        boolean demoClient = Identities.headerOrQuery(request, USER_ID_HEADER) != null;
        if (broadcastRoom == null || !demoClient) {
            return Mono.just(new Demo(json, broadcastRoom, false));
        }
        return joins.join(broadcastRoom, user.userId()).thenReturn(new Demo(json, broadcastRoom, true));
    }

    /** One connection's dialect; {@code broadcastRoom} null when there is none. One frame at a time reads it. */
    static final class Demo implements Dialect {

        private final JsonMapper json;
        private final RoomName broadcastRoom;
        private boolean joined;

        Demo(JsonMapper json, RoomName broadcastRoom, boolean joined) {
            this.json = json;
            this.broadcastRoom = broadcastRoom;
            this.joined = joined;
        }

        @Override
        public List<ObjectNode> read(ObjectNode frame) {
            if (frame.has("type") || !frame.has("message")) {
                return List.of(frame); // Parley's own frame (a frame with neither is refused for its missing type)
            }
            String text = JsonFields.text(frame, "message");
            String recipient = JsonFields.text(frame, "recipientId");
            String clientMsgId = JsonFields.text(frame, "clientMsgId");
            ObjectNode send = NativeFrames.send(json, clientMsgId, text);
            if (recipient != null && !recipient.isBlank()) {
                send.put("to", recipient);
            } else if (broadcastRoom != null) {
                send.put("conversationId", broadcastRoom.conversationId());
                if (!joined) {
                    joined = true;
                    return List.of(NativeFrames.join(json, broadcastRoom), send);
                }
            } else {
                throw ParleyError.invalid("recipientId", "recipientId is required: this server has no broadcast room");
            }
            return List.of(send);
        }
    }
}
