package dev.parley.messaging;

import dev.parley.accounts.AuthenticatedUser;
import dev.parley.system.JsonFields;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/messages} and the changes to a message: the same send path and commands as
 * the WebSocket frames, answered once the log has the record. Where a request has no body, its
 * {@code Idempotency-Key} header is the clientMsgId.
 */
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

    @PatchMapping("/api/v1/messages/{serverMsgId}")
    Mono<MessageAck> edit(@PathVariable String serverMsgId, @RequestBody JsonNode body, ServerWebExchange exchange) {
        return Mono.fromCallable(() -> {
            JsonFields.object(body);
            return new ChangeCommand(ChangeCommand.EDIT, JsonFields.text(body, "clientMsgId"), serverMsgId, JsonFields.text(body, "content"), null);
        }).flatMap(command -> change(command, exchange));
    }

    @DeleteMapping("/api/v1/messages/{serverMsgId}")
    Mono<MessageAck> delete(@PathVariable String serverMsgId, @RequestHeader(name = "Idempotency-Key", required = false) String key,
                            ServerWebExchange exchange) {
        return change(new ChangeCommand(ChangeCommand.DELETE, key, serverMsgId, null, null), exchange);
    }

    @PutMapping("/api/v1/messages/{serverMsgId}/reactions/{emoji}")
    Mono<MessageAck> react(@PathVariable String serverMsgId, @PathVariable String emoji,
                           @RequestHeader(name = "Idempotency-Key", required = false) String key, ServerWebExchange exchange) {
        return change(new ChangeCommand(ChangeCommand.REACT, key, serverMsgId, null, emoji), exchange);
    }

    @DeleteMapping("/api/v1/messages/{serverMsgId}/reactions/{emoji}")
    Mono<MessageAck> unreact(@PathVariable String serverMsgId, @PathVariable String emoji,
                             @RequestHeader(name = "Idempotency-Key", required = false) String key, ServerWebExchange exchange) {
        return change(new ChangeCommand(ChangeCommand.UNREACT, key, serverMsgId, null, emoji), exchange);
    }

    private Mono<MessageAck> change(ChangeCommand command, ServerWebExchange exchange) {
        return sender.submit(AuthenticatedUser.of(exchange), command, null).flatMap(pending -> Mono.fromFuture(pending, true));
    }
}
