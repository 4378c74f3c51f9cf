package dev.parley.cluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.parley.routing.Delivery;
import dev.parley.routing.Sessions;
import dev.parley.tracing.MessageTracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import dev.parley.system.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads this node's delivery topic and hands each event to the local sessions. It starts at the
 * topic's end: events for sessions that were open before this start reached nobody anyway (those
 * clients reconnect and resume).
 */
final class NodeInbox {

    private static final Logger log = LoggerFactory.getLogger(NodeInbox.class);
    /** Warnings that can repeat per message, record or connection under load: the first at once, then a count every 5 s. */
    private static final ThrottledLog throttled = ThrottledLog.of(log);

    private final Consumer<byte[], byte[]> consumer;
    private final TopicPartition partition;
    private final Sessions sessions;
    private final Thread thread;
    private final MessageTracing tracing;
    private final Counter received;
    private final String spanName;
    private volatile boolean running = true;

    NodeInbox(Consumer<byte[], byte[]> consumer, String nodeId, Sessions sessions, MessageTracing tracing, MeterRegistry meters) {
        this.tracing = tracing;
        this.received = ClusterMetrics.forwards(meters, "in");
        this.spanName = "deliver " + NodeTopics.name(nodeId);
        this.consumer = consumer;
        this.partition = new TopicPartition(NodeTopics.name(nodeId), 0);
        this.sessions = sessions;
        this.thread = new Thread(this::run, "parley-node-inbox");
        this.thread.setDaemon(true);
    }

    /** Positioned at the end before returning: anything forwarded to this node from then on is read. */
    public void start() {
        consumer.assign(List.of(partition));
        consumer.seekToEnd(List.of(partition));
        consumer.position(partition, Duration.ofSeconds(30));
        thread.start();
    }

    public void stop() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    deliver(record);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("The delivery topic reader was woken up unexpectedly; it stops", e);
            }
        } catch (RuntimeException | Error e) {
            log.error("The delivery topic reader stopped on an unexpected failure; restart the node", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void deliver(ConsumerRecord<byte[], byte[]> record) {
        try {
            NodeTopics.Forwarded forwarded = NodeTopics.Forwarded.read(record.headers(), record.value());
            received.increment();
            Delivery delivery = forwarded.delivery();
            Span span = tracing.child(delivery.trace(), spanName, Span.Kind.CONSUMER);
            try (var scope = tracing.scope(span)) {
                sessions.deliver(forwarded.users(), span == null ? delivery : delivery.tracedBy(MessageTracing.traceparent(span)),
                        forwarded.exceptSession());
            } finally {
                MessageTracing.end(span);
            }
        } catch (RuntimeException e) {
            throttled.warn("Skipping unreadable delivery record {}@{}: {}", record.partition(), record.offset(), e.toString());
        }
    }
}
