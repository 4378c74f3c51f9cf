package dev.parley.log;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far the node's log consumers (live routing, the archive) are behind the log, and the bound
 * each may fall behind before new sends are refused: an ack must not stand for a message that
 * reaches its recipients, or history, much later than promised. Read on every send, so it only
 * looks at values the consumer threads keep up to date.
 */
public final class Backlogs {

    /** One consumer's lag against its bound. */
    public record Backlog(String name, LogConsumer.Lag lag, Duration bound, boolean running) {

        public boolean exceeded() {
            return !running || lag.millis() > bound.toMillis();
        }
    }

    private record Entry(LogConsumer consumer, Duration bound) {
    }

    private final Map<String, Entry> consumers = new ConcurrentHashMap<>();

    /** {@code name} names the consumer in /health and in the refusal ("routing", "archive"). */
    public void register(String name, LogConsumer consumer, Duration bound) {
        consumers.put(name, new Entry(consumer, bound));
    }

    public Map<String, Backlog> all() {
        Map<String, Backlog> all = new LinkedHashMap<>();
        consumers.forEach((name, e) -> all.put(name, new Backlog(name, e.consumer().lag(), e.bound(), e.consumer().running())));
        return all;
    }

    /** The first consumer that is past its bound, if any: a send now would be acked but not delivered in time. */
    public Backlog exceeded() {
        for (Map.Entry<String, Entry> e : consumers.entrySet()) {
            LogConsumer.Lag lag = e.getValue().consumer().lag();
            Backlog backlog = new Backlog(e.getKey(), lag, e.getValue().bound(), e.getValue().consumer().running());
            if (backlog.exceeded()) {
                return backlog;
            }
        }
        return null;
    }
}
