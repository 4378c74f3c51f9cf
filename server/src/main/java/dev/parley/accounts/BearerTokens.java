package dev.parley.accounts;

import java.util.Optional;

import dev.parley.system.QueryToken;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Where a request carries its access token: the Authorization header, or {@code ?token=} (browsers
 * cannot set headers on a WebSocket), which {@link QueryToken} has moved out of the URL by now.
 */
public final class BearerTokens {

    private BearerTokens() {
    }

    public static Optional<String> from(ServerHttpRequest request, boolean allowQueryParameter) {
        String header = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(header.substring(7).trim()).filter(t -> !t.isEmpty());
        }
        if (allowQueryParameter) {
            return Optional.ofNullable(request.getHeaders().getFirst(QueryToken.HEADER)).filter(t -> !t.isBlank());
        }
        return Optional.empty();
    }
}
