package dev.parley.compat;

import java.util.UUID;

import dev.parley.accounts.AuthenticatedUser;
import dev.parley.messaging.MessageSender;
import dev.parley.messaging.SendCommand;
import dev.parley.system.JsonFields;
import dev.parley.system.ParleyError;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The echo-style REST calls. {@code POST /api/v1/message/action} is a direct message through the
 * one send path, answered {@code Message Sent} once the log has it (an ack), so it is durable and
 * in history like any other. Retries are recognised when the client sends an
 * {@code Idempotency-Key} header (used as the clientMsgId); the shape has no id of its own.
 */
@RestController
@ConditionalOnProperty(name = "parley.compat.enabled", havingValue = "true", matchIfMissing = true)
class EchoController {

    static final String SENT = "Message Sent";

    private final MessageSender sender;

    EchoController(MessageSender sender) {
        this.sender = sender;
    }

    /** Open, like every health check: it says only that the stream's route exists. */
    @GetMapping(path = "/api/v1/websocket/health", produces = MediaType.TEXT_PLAIN_VALUE)
    String health() {
        return "WebSocket Route Operational";
    }

    @PostMapping(path = "/api/v1/message/action", produces = MediaType.TEXT_PLAIN_VALUE)
    Mono<String> send(@RequestBody JsonNode body, @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                      ServerWebExchange exchange) {
        return Mono.fromCallable(() -> command(body, AuthenticatedUser.of(exchange), idempotencyKey))
                .flatMap(command -> sender.send(AuthenticatedUser.of(exchange), command))
                .thenReturn(SENT);
    }

    private static SendCommand command(JsonNode body, AuthenticatedUser caller, String idempotencyKey) {
        JsonFields.object(body);
        JsonFields.text(body, "chatId"); // informational: Parley names the conversation itself (checked for its type only)
        String senderId = JsonFields.text(body, "senderId");
        if (senderId != null && !Identities.names(caller, senderId)) {
            throw ParleyError.forbidden("sender_mismatch", "senderId must be the user of the access token (its id or username)");
        }
        String receiver = JsonFields.text(body, "receiverId");
        if (receiver == null || receiver.isBlank()) {
            throw ParleyError.invalid("receiverId", "receiverId is required (a username or user id)");
        }
        String content = JsonFields.text(body, "content");
        if (content == null || content.isBlank()) {
            throw ParleyError.invalid("content", "content is required");
        }
        String clientMsgId = idempotencyKey == null || idempotencyKey.isBlank() ? UUID.randomUUID().toString() : idempotencyKey.trim();
        return new SendCommand(clientMsgId, receiver, null, content, null);
    }
}
