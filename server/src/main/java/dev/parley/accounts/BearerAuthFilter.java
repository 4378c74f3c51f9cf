package dev.parley.accounts;

import dev.parley.system.ParleyError;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Every {@code /api/} route except registration and login needs a valid Bearer token. */
class BearerAuthFilter implements WebFilter {

    private final Tokens tokens;
    private final JsonMapper json;
    private final AuthFailures failures;

    BearerAuthFilter(Tokens tokens, JsonMapper json, AuthFailures failures) {
        this.tokens = tokens;
        this.json = json;
        this.failures = failures;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith("/api/") || path.startsWith("/api/v1/auth/")) {
            return chain.filter(exchange);
        }
        try {
            String token = BearerTokens.from(exchange.getRequest(), false)
                    .orElseThrow(() -> ParleyError.unauthorized("missing_token", "Send an access token: Authorization: Bearer <token>"));
            exchange.getAttributes().put(AuthenticatedUser.ATTRIBUTE, tokens.verify(token));
        } catch (ParleyError e) {
            failures.record("rest", e.code());
            return unauthorized(exchange.getResponse(), e);
        }
        return chain.filter(exchange);
    }

    private Mono<Void> unauthorized(ServerHttpResponse response, ParleyError e) {
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().set("WWW-Authenticate", "Bearer");
        byte[] body = json.writeValueAsBytes(java.util.Map.of(
                "status", 401, "title", "Unauthorized", "code", e.code(), "detail", e.getMessage()));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
