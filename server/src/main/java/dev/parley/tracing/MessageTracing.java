package dev.parley.tracing;

import java.util.Map;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * The trace of one message: the frame that sent it, the write to the log, the router, the hop to
 * another node's delivery topic, and the write to each recipient's WebSocket. Between threads and
 * nodes the context travels as a W3C {@code traceparent} string, in Kafka record headers and in
 * the in-memory hand-overs; a message whose trace is not sampled carries null and costs nothing
 * more. With sampling at 0 (the default without a Zipkin endpoint) no span is ever created.
 */
public final class MessageTracing {

    /** The W3C header, also the Kafka record header name (see {@code log.TraceHeader}). */
    public static final String HEADER = "traceparent";
    public static final MessageTracing OFF = new MessageTracing(null, null);

    private final Tracer tracer;
    private final Propagator propagator;

    MessageTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    public boolean on() {
        return tracer != null;
    }

    /** Starts a new trace for a message, or null when the sampler leaves this one out. */
    public Span start(String name, Span.Kind kind) {
        if (tracer == null) {
            return null;
        }
        Span span = tracer.spanBuilder().setNoParent().name(name).kind(kind).start();
        return span.isNoop() ? null : span;
    }

    /** A span continuing the trace {@code parent} names; null when {@code parent} is (an unsampled message). */
    public Span child(String parent, String name, Span.Kind kind) {
        if (tracer == null || parent == null) {
            return null;
        }
        Span span = propagator.extract(Map.of(HEADER, parent), (carrier, key) -> carrier.get(key)).name(name).kind(kind).start();
        if (span.isNoop()) {
            return null;
        }
        return span;
    }

    /** Makes {@code span} current on this thread (log lines then carry its traceId/spanId); null-safe. */
    public Tracer.SpanInScope scope(Span span) {
        return span == null || tracer == null ? () -> { } : tracer.withSpan(span);
    }

    /** The W3C {@code traceparent} naming {@code span} as the parent of the next hop; null for no span. */
    public static String traceparent(Span span) {
        if (span == null) {
            return null;
        }
        TraceContext context = span.context();
        String traceId = context.traceId();
        if (traceId.length() < 32) {
            traceId = "0".repeat(32 - traceId.length()) + traceId; // a 64-bit id, left-padded as W3C allows
        }
        return "00-" + traceId + "-" + context.spanId() + "-01";
    }

    public static void end(Span span) {
        if (span != null) {
            span.end();
        }
    }
}
