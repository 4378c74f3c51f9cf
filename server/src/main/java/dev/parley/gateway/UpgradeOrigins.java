package dev.parley.gateway;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import dev.parley.system.FilterProblems;
import dev.parley.system.ParleyError;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cross-site WebSocket hijacking: a page on another site cannot open a WebSocket to Parley in its
 * visitor's name. A browser always sends {@code Origin} on an upgrade; it must be this server
 * (the same host and port as the request's {@code Host}) or one of
 * {@code parley.gateway.allowed-origins}, or the upgrade gets 403 {@code origin_not_allowed}.
 * Clients that send no {@code Origin} (apps, bots, the bench) are not browsers and are let through:
 * the token is what authenticates them.
 */
final class UpgradeOrigins implements WebFilter {

    private final Set<String> allowed;
    private final JsonMapper json;
    private final WebSocketPaths paths;

    UpgradeOrigins(List<String> allowedOrigins, JsonMapper json, WebSocketPaths paths) {
        this.paths = paths;
        this.allowed = allowedOrigins.stream().map(UpgradeOrigins::authorityOf).collect(Collectors.toUnmodifiableSet());
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String origin = request.getHeaders().getFirst(HttpHeaders.ORIGIN);
        if (origin == null || !paths.matches(request.getPath().pathWithinApplication().value()) || allows(origin, request)) {
            return chain.filter(exchange);
        }
        return refuse(exchange.getResponse(), origin);
    }

    boolean allows(String origin, ServerHttpRequest request) {
        String authority = authorityOf(origin);
        if (authority == null) {
            return false; // "null" (a sandboxed frame, a file) or not a URL
        }
        String host = request.getHeaders().getFirst(HttpHeaders.HOST);
        return authority.equals(normalized(host)) || allowed.contains(authority);
    }

    /** scheme://host[:port] → host[:port] in lower case, a default port (80, 443) dropped; null if not such a URL. */
    static String authorityOf(String origin) {
        try {
            URI uri = URI.create(origin.trim());
            if (uri.getHost() == null || uri.getScheme() == null) {
                return null;
            }
            return normalized(uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The Host header's form of the same: lower case, no default port. */
    private static String normalized(String hostAndPort) {
        if (hostAndPort == null) {
            return null;
        }
        String lower = hostAndPort.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith(":80") || lower.endsWith(":443") ? lower.substring(0, lower.lastIndexOf(':')) : lower;
    }

    private Mono<Void> refuse(ServerHttpResponse response, String origin) {
        return FilterProblems.write(response, json, ParleyError.forbidden("origin_not_allowed", "WebSocket connections from pages at "
                + origin + " are not allowed; add the origin to parley.gateway.allowed-origins"));
    }
}
