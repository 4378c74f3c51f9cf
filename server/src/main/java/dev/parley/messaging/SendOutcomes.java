package dev.parley.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.parley.system.ParleyError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;

/**
 * What became of each send, WebSocket or REST: accepted once the log has it (with the time that
 * took, the ack latency), or refused with its error code. The codes are the fixed set of
 * {@link ParleyError} codes, so the {@code reason} label stays small. Also ends the send's span.
 */
final class SendOutcomes {

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Timer ackLatency;
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();

    SendOutcomes(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = Counter.builder("parley.sends").description("Sends acked (the log has them) or refused, by error code")
                .tag("outcome", "accepted").tag("reason", "none").register(registry);
        this.ackLatency = Timer.builder("parley.ack.latency")
                .description("From a send reaching the server to the log confirming it (when the ack can go out)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    void acked(long startedNanos, Span span) {
        accepted.increment();
        ackLatency.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
        if (span != null) {
            span.end();
        }
    }

    void refused(Throwable error, Span span) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String reason = cause instanceof ParleyError e ? e.code() : "internal_error";
        refused.computeIfAbsent(reason, code -> Counter.builder("parley.sends")
                .description("Sends acked (the log has them) or refused, by error code")
                .tag("outcome", "refused").tag("reason", code).register(registry)).increment();
        if (span != null) {
            span.tag("error.code", reason);
            span.end();
        }
    }

    static void abandoned(Span span) {
        if (span != null) {
            span.tag("abandoned", "true");
            span.end();
        }
    }
}
