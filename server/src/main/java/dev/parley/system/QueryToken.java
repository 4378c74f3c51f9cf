package dev.parley.system;

import java.net.URI;
import java.util.List;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Takes {@code ?token=} (a WebSocket's access token: browsers cannot set headers on one) out of the
 * URL before anything sees the request, and hands it on in the {@link #HEADER} header instead.
 * WebFlux writes the URL with its query into its DEBUG lines and into the ERROR line of any request
 * that fails unhandled; an access token must be in neither. {@code accounts.BearerTokens} reads the
 * header where it used to read the query (the WebSocket upgrade only; REST never takes it).
 */
public final class QueryToken implements HttpHandlerDecoratorFactory {

    /** Set only from the query: a header of that name sent by a client is removed. */
    public static final String HEADER = "X-Parley-Query-Token";

    QueryToken() {
    }

    @Override
    public HttpHandler apply(HttpHandler handler) {
        return (request, response) -> handler.handle(moved(request), response);
    }

    static ServerHttpRequest moved(ServerHttpRequest request) {
        List<String> tokens = request.getQueryParams().get("token");
        if (tokens == null && !request.getHeaders().containsHeader(HEADER)) {
            return request;
        }
        ServerHttpRequest.Builder builder = request.mutate().headers(headers -> headers.remove(HEADER));
        if (tokens != null) {
            URI withoutToken = UriComponentsBuilder.fromUri(request.getURI()).replaceQueryParam("token").build(true).toUri();
            String token = tokens.getFirst();
            builder.uri(withoutToken).headers(headers -> headers.set(HEADER, token == null ? "" : token));
        }
        return builder.build();
    }
}
