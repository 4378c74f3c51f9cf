package dev.parley.system;

import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * On a node without the gateway role only {@code /health} and the operations endpoints (Actuator's
 * probes and metrics, {@code /prometheus/metrics}) answer; everything clients use (the API, the web
 * client) is refused with 404 {@code not_a_gateway}, so a misrouted client learns why.
 */
final class GatewayRoleFilter implements WebFilter {

    private static final byte[] BODY = ("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
            + "\"code\":\"not_a_gateway\",\"detail\":\"This node does not serve clients (parley.roles); connect through a gateway\"}")
            .getBytes(StandardCharsets.UTF_8);

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (path.equals("/health") || path.startsWith("/actuator/") || path.equals("/livez") || path.equals("/readyz")
                || path.equals("/prometheus/metrics")) {
            return chain.filter(exchange);
        }
        exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
        exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return exchange.getResponse().writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap(BODY)));
    }
}
