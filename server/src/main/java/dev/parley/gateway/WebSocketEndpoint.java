package dev.parley.gateway;

import dev.parley.accounts.AuthenticatedUser;
import dev.parley.system.ParleyError;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/**
 * A path where clients open WebSockets, and how they speak there. The gateway checks the token,
 * asks {@link #identify} who the connection is, then {@link #open} for the connection's
 * {@link Dialect}; either may refuse the upgrade with a {@link ParleyError} (its status answers).
 * A bean of this type for {@code /ws} replaces the native one.
 */
public interface WebSocketEndpoint {

    /** A Spring {@code PathPattern}, such as {@code /ws/{clientId}}. */
    String path();

    /** The connection's user: by default the token's, which must be there ({@code fromToken} is null without one). */
    default Mono<AuthenticatedUser> identify(ServerHttpRequest request, AuthenticatedUser fromToken) {
        if (fromToken == null) {
            return Mono.error(missingToken());
        }
        return Mono.just(fromToken);
    }

    /** The dialect of a connection of {@code user} opened by {@code request}. */
    Mono<Dialect> open(ServerHttpRequest request, AuthenticatedUser user);

    static ParleyError missingToken() {
        return ParleyError.unauthorized("missing_token", "Connect with ?token=<access token> or an Authorization: Bearer header");
    }

    /** Parley's own protocol at {@code path}. */
    static WebSocketEndpoint natively(String path) {
        return new WebSocketEndpoint() {
            @Override
            public String path() {
                return path;
            }

            @Override
            public Mono<Dialect> open(ServerHttpRequest request, AuthenticatedUser user) {
                return Mono.just(Dialect.NATIVE);
            }
        };
    }
}
