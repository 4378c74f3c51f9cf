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
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses the upgrade with HTTP 401 unless the request carries a valid access token
 * ({@code ?token=} or {@code Authorization: Bearer}). The user id of every frame on the
 * connection comes from this token, never from the client's frames. Refuses it with HTTP 429
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
        String address = ClientAddress.of(exchange.getRequest());
        if (!addresses.tryOpen(address)) {
            failures.record("websocket", "too_many_connections");
            return refuse(exchange.getResponse(), ParleyError.tooManyRequests("too_many_connections",
                    "This address has too many WebSocket connections open; close one first"));
        }
        // Counted until the session ends, or at once if the upgrade fails (its Mono then ends without completing).
        AtomicBoolean counted = new AtomicBoolean(true);
        Runnable uncount = () -> {
            if (counted.compareAndSet(true, false)) {
                addresses.closed(address);
            }
        };
        return handshake.handleRequest(exchange, session -> chat.handle(session, user).doFinally(signal -> uncount.run()))
                .doFinally(signal -> {
                    if (signal != SignalType.ON_COMPLETE) {
                        uncount.run();
                    }
                });
    }

    private Mono<Void> refuse(ServerHttpResponse response, ParleyError e) {
        return FilterProblems.write(response, json, e);
    }
}
