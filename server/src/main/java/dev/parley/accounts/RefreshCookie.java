package dev.parley.accounts;

import java.time.Duration;
import java.util.Optional;

import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * The refresh token as a cookie, for the web client: {@code HttpOnly} (script in the page, injected
 * or not, cannot read it), {@code SameSite=Strict} (no other site's page makes the browser send
 * it) and sent only to {@code /api/v1/auth} (refresh and logout), never with API calls or the
 * WebSocket upgrade. {@code Secure} when the request came over HTTPS as the server sees it (behind
 * a TLS proxy: {@code server.forward-headers-strategy}), so a plain-HTTP development server on
 * {@code localhost} still works. A client asks for it at login ({@code "refreshCookie": true}) and
 * then never sees the token in a body.
 */
final class RefreshCookie {

    static final String NAME = "parley_refresh";
    static final String PATH = "/api/v1/auth";

    private RefreshCookie() {
    }

    static Optional<String> from(ServerHttpRequest request) {
        return Optional.ofNullable(request.getCookies().getFirst(NAME)).map(HttpCookie::getValue).filter(v -> !v.isBlank());
    }

    static void set(ServerHttpRequest request, ServerHttpResponse response, String token, Duration lifetime) {
        response.addCookie(cookie(request, token, lifetime));
    }

    /** Tells the browser to forget it (logout, or a token the server no longer takes). */
    static void clear(ServerHttpRequest request, ServerHttpResponse response) {
        response.addCookie(cookie(request, "", Duration.ZERO));
    }

    private static ResponseCookie cookie(ServerHttpRequest request, String value, Duration maxAge) {
        boolean https = request.getSslInfo() != null || "https".equalsIgnoreCase(request.getURI().getScheme());
        return ResponseCookie.from(NAME, value).httpOnly(true).sameSite("Strict").path(PATH).secure(https).maxAge(maxAge).build();
    }
}
