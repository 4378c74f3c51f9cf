package dev.parley.system;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The error writer for answers given before any controller runs (web filters, the WebSocket
 * handshake): the same problem body as {@link ApiErrors} — status, title, code, detail — and
 * {@code Retry-After} when the error has one.
 */
public final class FilterProblems {

    private FilterProblems() {
    }

    public static Mono<Void> write(ServerHttpResponse response, JsonMapper json, ParleyError e) {
        HttpStatus status = HttpStatus.valueOf(e.status());
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (e.retryAfterMs() != null) {
            response.getHeaders().set("Retry-After", String.valueOf(Math.max(1, (e.retryAfterMs() + 999) / 1000)));
        }
        byte[] body = json.writeValueAsBytes(Map.of("status", status.value(), "title", status.getReasonPhrase(), "code", e.code(),
                "detail", e.getMessage()));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
