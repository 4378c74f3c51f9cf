package dev.parley.gateway;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.parley.accounts.AuthFailures;
import dev.parley.accounts.AuthenticatedUser;
import dev.parley.accounts.BearerTokens;
import dev.parley.accounts.ClientAddress;
import dev.parley.accounts.Tokens;
import dev.parley.system.FilterProblems;
import dev.parley.system.ParleyError;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses the upgrade with HTTP 401 unless the request carries a valid access token
 * ({@code ?token=} or {@code Authorization: Bearer}), or the {@link WebSocketEndpoint} identifies
 * the user otherwise (only when explicitly configured; see dev.parley.compat). The user id of
 * every frame on the connection comes from there, never from the client's frames. Refuses it with HTTP 429
 * {@code too_many_connections} when the client's address already has as many connections open as
 * {@link GatewayLimits#connectionsPerAddress()} allows: before the upgrade, so a flood costs no session.
 */
final class AuthenticatingWebSocketService implements WebSocketService {

    private final WebSocketService handshake;
    private final Tokens tokens;
    private final JsonMapper json;
    private final AuthFailures failures;
    private final AddressConnections addresses;

    AuthenticatingWebSocketService(WebSocketService handshake, Tokens tokens, JsonMapper json, AuthFailures failures,
                                   AddressConnections addresses) {
        this.addresses = addresses;
        this.failures = failures;
        this.handshake = handshake;
        this.tokens = tokens;
        this.json = json;
    }

    @Override
    public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
        if (!(handler instanceof Endpoint endpoint)) {
            return Mono.error(new IllegalStateException("No Parley handler mapped for " + exchange.getRequest().getPath()));
        }
        AuthenticatedUser fromToken;
        try {
            fromToken = BearerTokens.from(exchange.getRequest(), true).map(tokens::verify).orElse(null);
        } catch (ParleyError e) {
            return refuse(exchange, e);
        }
        var request = exchange.getRequest();
        return endpoint.endpoint().identify(request, fromToken)
                .flatMap(user -> endpoint.endpoint().open(request, user).map(dialect -> Map.entry(user, dialect)))
                .flatMap(opened -> upgrade(exchange, endpoint.chat(), opened.getKey(), opened.getValue()))
                .onErrorResume(ParleyError.class, e -> refuse(exchange, e));
    }

    private Mono<Void> upgrade(ServerWebExchange exchange, ChatSocketHandler chat, AuthenticatedUser user, Dialect dialect) {
        String address = ClientAddress.of(exchange.getRequest());
        if (!addresses.tryOpen(address)) {
            return Mono.error(ParleyError.tooManyRequests("too_many_connections",
                    "This address has too many WebSocket connections open; close one first"));
        }
        // Counted until the session ends, or at once if the upgrade fails (its Mono then ends without completing).
        AtomicBoolean counted = new AtomicBoolean(true);
        Runnable uncount = () -> {
            if (counted.compareAndSet(true, false)) {
                addresses.closed(address);
            }
        };
        return handshake.handleRequest(exchange, session -> chat.handle(session, user, dialect).doFinally(signal -> uncount.run()))
                .doFinally(signal -> {
                    if (signal != SignalType.ON_COMPLETE) {
                        uncount.run();
                    }
                });
    }

    /** What is mapped at a WebSocket path: the endpoint, and the one handler every connection goes to (only once this service knows the user). */
    record Endpoint(WebSocketEndpoint endpoint, ChatSocketHandler chat) implements WebSocketHandler {

        @Override
        public Mono<Void> handle(org.springframework.web.reactive.socket.WebSocketSession session) {
            return Mono.error(new IllegalStateException("WebSocket session without an authenticated user"));
        }
    }

    private Mono<Void> refuse(ServerWebExchange exchange, ParleyError e) {
        failures.record("websocket", e.code());
        return FilterProblems.write(exchange.getResponse(), json, e);
    }
}
