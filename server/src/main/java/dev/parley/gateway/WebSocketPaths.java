package dev.parley.gateway;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Where clients open WebSockets: the one list the handler mapping, the drain and the origin check
 * share. Parley's own protocol is at {@code /ws} and {@code /socket/connect}; other endpoints
 * (dev.parley.compat) add paths, and one for {@code /ws} takes its place.
 */
final class WebSocketPaths {

    static final List<String> NATIVE = List.of("/ws", "/socket/connect");

    private final Map<String, WebSocketEndpoint> endpoints;
    private final List<PathPattern> patterns;

    WebSocketPaths(List<WebSocketEndpoint> extra) {
        Map<String, WebSocketEndpoint> all = new LinkedHashMap<>();
        NATIVE.forEach(path -> all.put(path, WebSocketEndpoint.natively(path)));
        extra.forEach(endpoint -> all.put(endpoint.path(), endpoint));
        this.endpoints = Map.copyOf(all);
        this.patterns = all.keySet().stream().map(PathPatternParser.defaultInstance::parse).toList();
    }

    /** The endpoints by path pattern. */
    Map<String, WebSocketEndpoint> endpoints() {
        return endpoints;
    }

    boolean matches(String path) {
        PathContainer container = PathContainer.parsePath(path);
        return patterns.stream().anyMatch(pattern -> pattern.matches(container));
    }
}
