package dev.parley.compat;

import java.util.List;

import dev.parley.accounts.AuthenticatedUser;
import dev.parley.gateway.Dialect;
import dev.parley.gateway.WebSocketEndpoint;
import dev.parley.routing.Delivery;
import dev.parley.system.ParleyError;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /api/v1/websocket/message}: the stream of messages for the connecting user, each as an
 * {@link EchoMessage}. The user is the token's; a {@code ReceiverId} header or query parameter,
 * if given, must name that user (403 otherwise). The stream only delivers: sends go to
 * {@code POST /api/v1/message/action}.
 */
final class EchoStream implements WebSocketEndpoint {

    static final String PATH = "/api/v1/websocket/message";
    private static final String RECEIVER = "ReceiverId";

    private final JsonMapper json;

    EchoStream(JsonMapper json) {
        this.json = json;
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public Mono<Dialect> open(ServerHttpRequest request, AuthenticatedUser user) {
        String receiver = Identities.headerOrQuery(request, RECEIVER);
        if (receiver != null && !Identities.names(user, receiver)) {
            return Mono.error(ParleyError.forbidden("receiver_mismatch",
                    "ReceiverId must be the user of the access token: this stream carries only that user's messages"));
        }
        return Mono.just(new Stream(json));
    }

    /** One connection's dialect. */
    record Stream(JsonMapper json) implements Dialect {

        @Override
        public List<ObjectNode> read(ObjectNode frame) {
            throw ParleyError.badRequest("receive_only", "This stream only delivers messages; send with POST /api/v1/message/action");
        }

        @Override
        public byte[] write(Delivery delivery) {
            return delivery.as(EchoStream.class, event -> event.isNewMessage()
                    ? json.writeValueAsBytes(EchoMessage.of(json.readTree(event.frame()).get("data")))
                    : null);
        }

        @Override
        public boolean keeps(String replyType) {
            return replyType.equals("error");
        }
    }
}
