package dev.parley.cluster;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.parley.routing.Delivery;
import dev.parley.routing.Forwarder;
import dev.parley.tracing.MessageTracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import dev.parley.system.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards events to other nodes' delivery topics. {@code Producer.send} can block (metadata of a
 * topic it has not written yet), so sends run on one thread of their own, in the order they were
 * handed over. At most {@value #IN_FLIGHT} events are queued or not yet acknowledged by Kafka: a
 * message waits for room, so a slow Kafka makes the router lag and sends get refused past its bound
 * instead of forwards piling up in the producer and expiring there; a typing or receipt event is
 * dropped when there is no room.
 */
final class KafkaForwarder implements Forwarder {

    private static final Logger log = LoggerFactory.getLogger(KafkaForwarder.class);
    /** Warnings that can repeat per message, record or connection under load: the first at once, then a count every 5 s. */
    private static final ThrottledLog throttled = ThrottledLog.of(log);
    static final int IN_FLIGHT = 1_000;

    private final Producer<byte[], byte[]> producer;
    private final KnownNodes nodes;
    private final BlockingQueue<Outgoing> queue = new ArrayBlockingQueue<>(IN_FLIGHT);
    private final MessageTracing tracing;
    private final Counter forwarded;
    private final Counter dropped;
    private final Counter failed;
    private final Semaphore room = new Semaphore(IN_FLIGHT);
    private final Thread thread;
    private volatile boolean running = true;

    /** A record on its way, with the span of the hop when the message's trace is sampled. */
    private record Outgoing(ProducerRecord<byte[], byte[]> record, Span span) {
    }

    KafkaForwarder(Producer<byte[], byte[]> producer, KnownNodes nodes, MessageTracing tracing, MeterRegistry meters) {
        this.producer = producer;
        this.nodes = nodes;
        this.tracing = tracing;
        this.forwarded = ClusterMetrics.forwards(meters, "out");
        this.dropped = Counter.builder("parley.cluster.forwards.dropped")
                .description("Typing, receipt and presence events not forwarded because the forward queue was full").register(meters);
        this.failed = Counter.builder("parley.cluster.forwards.failed")
                .description("Events Kafka did not take for another node's delivery topic within its delivery timeout").register(meters);
        this.thread = new Thread(this::run, "parley-forward");
        this.thread.setDaemon(true);
    }

    public void start() {
        nodes.start();
        thread.start();
    }

    public void stop() {
        nodes.stop();
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(java.time.Duration.ofSeconds(2));
    }

    /** Where a broadcast goes now. */
    Set<String> otherNodes() {
        return nodes.others();
    }

    @Override
    public void forward(String node, Collection<UUID> users, Delivery delivery, String exceptSession) {
        enqueue(NodeTopics.name(node), users, delivery, exceptSession);
    }

    /**
     * Through each node's own topic, like any forward: one topic per node, written in routing order,
     * keeps a conversation's messages in order on that node when routing switches between the
     * registry and this.
     */
    @Override
    public void broadcast(Collection<UUID> users, Delivery delivery, String exceptSession) {
        for (String node : nodes.others()) {
            enqueue(NodeTopics.name(node), users, delivery, exceptSession);
        }
    }

    private void enqueue(String topic, Collection<UUID> users, Delivery delivery, String exceptSession) {
        if (!delivery.isMessage()) {
            if (room.tryAcquire()) {
                queue.add(new Outgoing(new ProducerRecord<>(topic, null, null, null, delivery.frame(),
                        NodeTopics.headers(users, delivery, exceptSession, null)), null));
            } else {
                dropped.increment();
                log.debug("No room to forward: an event for {} was dropped", topic);
            }
            return;
        }
        try {
            while (running && !room.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                // the router waits: its lag shows in /health and bounds new sends
            }
            Span span = delivery.trace() == null ? null : tracing.child(delivery.trace(), "forward " + topic, Span.Kind.PRODUCER);
            queue.add(new Outgoing(new ProducerRecord<>(topic, null, null, null, delivery.frame(),
                    NodeTopics.headers(users, delivery, exceptSession, MessageTracing.traceparent(span))), span));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Only after Kafka gave up for the producer's whole delivery timeout: the users there get it when they next resume. */
    private void failed(ProducerRecord<byte[], byte[]> record, Exception error) {
        failed.increment();
        throttled.error("Could not forward an event to {}; its users there get it only when they next resume: {}", record.topic(), error.toString());
    }

    @Override
    public void flush() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!queue.isEmpty() && running && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        producer.flush();
    }

    private void run() {
        while (running) {
            Outgoing outgoing;
            try {
                outgoing = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            ProducerRecord<byte[], byte[]> record = outgoing.record();
            try {
                producer.send(record, (metadata, error) -> {
                    room.release();
                    MessageTracing.end(outgoing.span());
                    if (error != null) {
                        failed(record, error);
                    } else {
                        forwarded.increment();
                    }
                });
            } catch (RuntimeException e) {
                room.release();
                MessageTracing.end(outgoing.span());
                failed(record, e);
            }
        }
    }
}
