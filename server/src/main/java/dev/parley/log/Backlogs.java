package dev.parley.log;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * How far the node's stages are behind (live routing and the archive behind the log, the
 * gateway's event loops behind their task queues) and the bound each may fall behind before new
 * sends are refused: an ack must not stand for a message that reaches its recipients, or history,
 * much later than promised. Read on every send, so it only looks at values the stages keep up to
 * date themselves.
 */
public final class Backlogs {

    /** A stage that can fall behind. */
    public interface Stage {
        LogConsumer.Lag lag();

        /** False when the stage stopped for good (a dead consumer thread): sends are refused then. */
        boolean running();
    }

    /** One stage's lag against its bound. */
    public record Backlog(String name, LogConsumer.Lag lag, Duration bound, boolean running) {

        public boolean exceeded() {
            return !running || lag.millis() > bound.toMillis();
        }
    }

    private record Entry(Stage stage, Duration bound) {
    }

    private final Map<String, Entry> stages = new ConcurrentHashMap<>();
    private final MeterRegistry meters;

    public Backlogs(MeterRegistry meters) {
        this.meters = meters;
    }

    /** {@code name} names the stage in /health, in the refusal and in metrics ("routing", "archive", "gateway"). */
    public void register(String name, Stage stage, Duration bound) {
        stages.put(name, new Entry(stage, bound));
        Gauge.builder("parley.stage.lag", stage, s -> s.lag().millis() / 1000.0).baseUnit("seconds").tag("stage", name)
                .description("Age of the oldest piece of work the stage has not done yet (0 when caught up)").register(meters);
        Gauge.builder("parley.stage.running", stage, s -> s.running() ? 1 : 0).tag("stage", name)
                .description("1 while the stage works, 0 once it stopped for good (sends are refused then)").register(meters);
        if (stage instanceof LogConsumer consumer) {
            // One series per partition the consumer reads now: a cluster router's share moves, and a
            // partition another node (or another archive thread) reads is not this consumer's to report.
            MultiGauge lag = MultiGauge.builder("parley.log.lag").baseUnit("messages").tag("consumer", name)
                    .description("Records of the message log partition the consumer has not handled yet").register(meters);
            consumer.onReading(partitions -> lag.register(partitions.stream().sorted()
                    .map(p -> MultiGauge.Row.of(Tags.of("partition", String.valueOf(p)), consumer,
                            c -> c.partitionLag().getOrDefault(p, 0.0)))
                    .toList(), true));
        }
    }

    public Map<String, Backlog> all() {
        Map<String, Backlog> all = new LinkedHashMap<>();
        stages.forEach((name, e) -> all.put(name, new Backlog(name, e.stage().lag(), e.bound(), e.stage().running())));
        return all;
    }

    /** The first stage that is past its bound, if any: a send now would be acked but not delivered in time. */
    public Backlog exceeded() {
        for (Map.Entry<String, Entry> e : stages.entrySet()) {
            Backlog backlog = new Backlog(e.getKey(), e.getValue().stage().lag(), e.getValue().bound(), e.getValue().stage().running());
            if (backlog.exceeded()) {
                return backlog;
            }
        }
        return null;
    }
}
