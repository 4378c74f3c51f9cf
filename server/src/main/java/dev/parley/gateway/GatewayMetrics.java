package dev.parley.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.web.reactive.socket.CloseStatus;

/**
 * The gateway's meters (docs/operations.md). Every label value comes from a fixed list: a frame
 * type a client invents counts as {@code unknown}, never as itself.
 */
final class GatewayMetrics {

    static final Set<String> INBOUND = Set.of("message.send", "room.join", "room.leave", "history", "read", "typing", "resume", "ping",
            "unknown", "invalid", "binary");
    static final Set<String> OUTBOUND = Set.of("message.create", "message.ack", "error", "receipt", "typing", "presence", "history",
            "room.joined", "room.left", "resume.done", "pong", "other");
    private static final Map<Integer, String> CLOSES = Map.of(
            CloseStatus.GOING_AWAY.getCode(), "going_away",
            CloseCodes.IDLE_TIMEOUT.getCode(), "idle_timeout",
            CloseCodes.TOKEN_EXPIRED.getCode(), "token_expired",
            CloseCodes.TOKEN_REVOKED.getCode(), "token_revoked",
            CloseCodes.SLOW_CONSUMER.getCode(), "slow_consumer",
            CloseCodes.RESUME_FAILED.getCode(), "resume_failed",
            CloseCodes.TOO_MANY_SESSIONS.getCode(), "too_many_sessions");

    private final Map<String, Counter> framesIn;
    private final Map<String, Counter> framesOut;
    private final Map<String, Counter> closes;
    private final Counter otherClose;
    private final MeterRegistry registry;
    private final Timer deliveryLatency;
    private final Timer resumeDuration;
    private final DistributionSummary replayed;
    private final Counter resumesDone;
    private final Counter resumesFailed;

    GatewayMetrics(MeterRegistry registry, IntSupplier connections, IntSupplier users) {
        this.registry = registry;
        Gauge.builder("parley.connections", connections::getAsInt).description("Open WebSocket connections").register(registry);
        Gauge.builder("parley.connected.users", users::getAsInt).description("Users with at least one open connection here")
                .register(registry);
        this.framesIn = counters(INBOUND, type -> Counter.builder("parley.frames.in").description("WebSocket frames received, by type")
                .tag("type", type).register(registry));
        this.framesOut = counters(OUTBOUND, type -> Counter.builder("parley.frames.out").description("WebSocket frames sent, by type")
                .tag("type", type).register(registry));
        this.closes = counters(Set.copyOf(CLOSES.values()), reason -> closeCounter(reason));
        this.otherClose = closeCounter("other");
        this.deliveryLatency = Timer.builder("parley.delivery.latency")
                .description("From a message's send reaching the server to its live delivery being written to a recipient's WebSocket")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        this.resumeDuration = Timer.builder("parley.resume.duration").description("From a resume frame to resume.done")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry);
        this.replayed = DistributionSummary.builder("parley.resume.replayed").description("Messages a resume sent to catch up")
                .baseUnit("messages").register(registry);
        this.resumesDone = Counter.builder("parley.resumes").description("Resumes, by outcome").tag("outcome", "done").register(registry);
        this.resumesFailed = Counter.builder("parley.resumes").description("Resumes, by outcome").tag("outcome", "failed").register(registry);
    }

    /** For unit tests: meters that go nowhere. */
    static GatewayMetrics unregistered() {
        return new GatewayMetrics(new SimpleMeterRegistry(), () -> 0, () -> 0);
    }

    private Counter closeCounter(String reason) {
        return Counter.builder("parley.connections.closed").description("Connections the server closed, by reason")
                .tag("reason", reason).register(registry);
    }

    private static Map<String, Counter> counters(Set<String> names, Function<String, Counter> counter) {
        return names.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), counter));
    }

    void frameIn(String type) {
        framesIn.getOrDefault(type, framesIn.get("unknown")).increment();
    }

    void frameOut(String type) {
        framesOut.getOrDefault(type, framesOut.get("other")).increment();
    }

    void closed(CloseStatus status) {
        String reason = CLOSES.get(status.getCode()); // Map.of cannot be asked for a null key
        (reason == null ? otherClose : closes.get(reason)).increment();
    }

    /** A live message written to a recipient, {@code sentAt} (epoch ms) being when its send reached a node. */
    void delivered(long sentAt) {
        if (sentAt > 0) {
            deliveryLatency.record(Math.max(0, System.currentTimeMillis() - sentAt), TimeUnit.MILLISECONDS);
        }
    }

    void resumed(long startedNanos, int messages) {
        resumesDone.increment();
        replayed.record(messages);
        resumeDuration.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    void resumeFailed() {
        resumesFailed.increment();
    }
}
