package dev.parley.gateway;

import java.util.Map;

import dev.parley.accounts.AuthFailures;
import dev.parley.accounts.AuthenticatedUser;
import dev.parley.accounts.BearerTokens;
import dev.parley.accounts.Tokens;
import dev.parley.system.ParleyError;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses the upgrade with HTTP 401 unless the request carries a valid access token
 * ({@code ?token=} or {@code Authorization: Bearer}). The user id of every frame on the
 * connection comes from this token, never from the client's frames.
 */
final class AuthenticatingWebSocketService implements WebSocketService {

    private final WebSocketService handshake;
    private final Tokens tokens;
    private final JsonMapper json;
    private final AuthFailures failures;

    AuthenticatingWebSocketService(WebSocketService handshake, Tokens tokens, JsonMapper json, AuthFailures failures) {
        this.failures = failures;
        this.handshake = handshake;
        this.tokens = tokens;
        this.json = json;
    }

    @Override
    public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
        AuthenticatedUser user;
        try {
            String token = BearerTokens.from(exchange.getRequest(), true)
                    .orElseThrow(() -> ParleyError.unauthorized("missing_token", "Connect with ?token=<access token> or an Authorization: Bearer header"));
            user = tokens.verify(token);
        } catch (ParleyError e) {
            failures.record("websocket", e.code());
            return refuse(exchange.getResponse(), e);
        }
        if (!(handler instanceof ChatSocketHandler chat)) {
            return Mono.error(new IllegalStateException("No Parley handler mapped for " + exchange.getRequest().getPath()));
        }
        return handshake.handleRequest(exchange, session -> chat.handle(session, user));
    }

    private Mono<Void> refuse(ServerHttpResponse response, ParleyError e) {
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = json.writeValueAsBytes(Map.of("status", 401, "title", "Unauthorized", "code", e.code(), "detail", e.getMessage()));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
