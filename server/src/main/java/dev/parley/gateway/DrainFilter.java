package dev.parley.gateway;

import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** While the node drains, a WebSocket upgrade is refused with 503 {@code shutting_down}: the client tries again (another node). */
final class DrainFilter implements WebFilter {

    private static final byte[] BODY = ("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
            + "\"code\":\"" + Draining.CODE + "\",\"detail\":\"This node is shutting down; connect again (you reach another node)\"}")
            .getBytes(StandardCharsets.UTF_8);

    private final Draining draining;
    private final WebSocketPaths paths;

    DrainFilter(Draining draining, WebSocketPaths paths) {
        this.draining = draining;
        this.paths = paths;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!draining.active() || !paths.matches(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().set("Retry-After", "1");
        return response.writeWith(Mono.just(response.bufferFactory().wrap(BODY)));
    }
}
