package dev.parley.accounts;

import java.util.ArrayList;
import java.util.List;

import dev.parley.system.FilterProblems;
import dev.parley.system.ParleyError;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code /api/} route except registration and login needs a valid Bearer token. Decided on
 * the path as the router matches it (the parsed path: segments decoded, matrix parameters
 * dropped), never on the raw string, so {@code /api;/v1/users} or {@code /%61pi/v1/users} cannot
 * reach a controller without a token.
 */
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
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        if (!needsToken(path)) {
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

    /**
     * Whether a request to {@code path} needs a token. Segments are taken as the router matches
     * them (decoded, matrix parameters dropped), empty ones ({@code //}, a trailing slash) skipped,
     * and a dot segment never opens a route: when in doubt, a token is required.
     */
    static boolean needsToken(PathContainer path) {
        List<String> segments = new ArrayList<>();
        for (PathContainer.Element element : path.elements()) {
            if (element instanceof PathContainer.PathSegment segment && !segment.valueToMatch().isEmpty()) {
                segments.add(segment.valueToMatch());
            }
        }
        if (segments.isEmpty() || !segments.getFirst().equals("api")) {
            return false;
        }
        boolean dotted = segments.contains(".") || segments.contains("..");
        // auth: how a token is had; websocket: the compat stream checks its own token (?token= too) and its health is open.
        boolean open = segments.size() > 3 && segments.get(1).equals("v1")
                && (segments.get(2).equals("auth") || segments.get(2).equals("websocket"));
        return dotted || !open;
    }

    private Mono<Void> unauthorized(ServerHttpResponse response, ParleyError e) {
        response.getHeaders().set("WWW-Authenticate", "Bearer");
        return FilterProblems.write(response, json, e);
    }
}
