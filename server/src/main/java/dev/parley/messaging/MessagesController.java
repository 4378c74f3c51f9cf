package dev.parley.messaging;

import dev.parley.accounts.AuthenticatedUser;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/messages}: the same send path as the WebSocket, answered once the log has the message. */
@RestController
class MessagesController {

    private final MessageSender sender;

    MessagesController(MessageSender sender) {
        this.sender = sender;
    }

    @PostMapping("/api/v1/messages")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<MessageAck> send(@RequestBody JsonNode body, ServerWebExchange exchange) {
        // Read as JSON, not bound: a field of the wrong type gets the same error as on the WebSocket.
        return Mono.fromCallable(() -> SendCommand.from(body))
                .flatMap(command -> sender.send(AuthenticatedUser.of(exchange), command));
    }
}
