package dev.parley.system;

import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * The access log ({@code parley.access-log.enabled}): {@code GET /api/v1/conversations 200 12ms}
 * once a request is answered, {@code GET /ws 101 9ms} once a WebSocket upgrade is done. The query
 * is never written (a WebSocket's {@code ?token=} is gone from the URL by then anyway: QueryToken).
 * The line is written inside the request's observation, so it carries its traceId and spanId.
 */
final class AccessLog implements WebFilter {

    private static final Logger log = LoggerFactory.getLogger("dev.parley.access");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return Mono.deferContextual(context -> {
            long started = System.nanoTime();
            return chain.filter(exchange)
                    .doOnSuccess(ignored -> write(context, exchange, status(exchange, null), started))
                    .doOnError(error -> write(context, exchange, status(exchange, error), started))
                    .doOnCancel(() -> write(context, exchange, "cancelled", started));
        });
    }

    /** An error still to be turned into a response by the error handlers has no status yet: it is the error's. */
    private static String status(ServerWebExchange exchange, Throwable error) {
        if (error instanceof ErrorResponse response) {
            return Integer.toString(response.getStatusCode().value());
        }
        if (error instanceof ParleyError parley) {
            return Integer.toString(parley.status());
        }
        if (error != null) {
            return "500";
        }
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        int code = status == null ? 200 : status.value();
        // An upgrade is answered by Reactor Netty itself; the response here still says 200.
        boolean upgraded = code == 200 && "websocket".equalsIgnoreCase(exchange.getRequest().getHeaders().getUpgrade());
        return upgraded ? "101" : Integer.toString(code);
    }

    private static void write(ContextView context, ServerWebExchange exchange, String status, long started) {
        ServerHttpRequest request = exchange.getRequest();
        long millis = (System.nanoTime() - started) / 1_000_000;
        Runnable line = () -> log.info("{} {} {} {}ms", request.getMethod(), request.getPath().value(), status, millis);
        Observation observation = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
        if (observation == null) {
            line.run();
        } else {
            observation.scoped(line); // its trace context, and so traceId/spanId in the log's MDC
        }
    }
}
