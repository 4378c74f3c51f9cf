package dev.parley.log;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import dev.parley.tracing.MessageTracing;
import io.micrometer.tracing.Span;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends messages to the Kafka log. A returned future completes only once the broker has the
 * record on all in-sync replicas (acks=all), which is what makes an ack to a client mean "durable".
 * <p>
 * {@code KafkaProducer.send} can block (metadata refresh, full buffer), so it never runs on a Netty
 * event loop: all sends go through one dedicated thread, which also keeps the order in which a
 * connection handed its messages over. Its queue is bounded; when it is full the send fails fast
 * and the client may retry.
 */
public final class MessageLog {

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final JsonMapper json;
    private final ThreadPoolExecutor sender;
    private final MessageTracing tracing;
    private final String spanName;
    /** Per partition, the offset after the newest record this node appended: a stopping node routes up to it before it closes its sessions. */
    private final AtomicLongArray appended;

    MessageLog(Producer<String, byte[]> producer, String topic, int partitions, JsonMapper json, int queueCapacity, MessageTracing tracing) {
        this.producer = producer;
        this.tracing = tracing;
        this.spanName = "kafka.send " + topic;
        this.topic = topic;
        this.appended = new AtomicLongArray(partitions);
        this.json = json;
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), r -> {
                    Thread t = new Thread(r, "parley-log-send");
                    t.setDaemon(true);
                    return t;
                });
    }

    public String topic() {
        return topic;
    }

    /** The offset after the newest record of {@code partition} this node appended (and acked), 0 if none. */
    public long appendedUpTo(int partition) {
        return appended.get(partition);
    }

    /** {@code trace}: the traceparent of the send when its trace is sampled, else null; it travels in the record's headers. */
    public CompletableFuture<LogPosition> append(LogRecord record, String trace) {
        CompletableFuture<LogPosition> result = new CompletableFuture<>();
        byte[] value = json.writeValueAsBytes(record);
        ProducerRecord<String, byte[]> producerRecord = new ProducerRecord<>(topic, record.conversationId(), value);
        Span span = tracing.child(trace, spanName, Span.Kind.PRODUCER);
        TraceHeader.write(producerRecord.headers(), MessageTracing.traceparent(span));
        try {
            sender.execute(() -> send(producerRecord, result, span));
        } catch (RejectedExecutionException e) {
            MessageTracing.end(span);
            result.completeExceptionally(LogUnavailableException.busy("Too many messages waiting for the log", e));
        }
        return result;
    }

    private void send(ProducerRecord<String, byte[]> record, CompletableFuture<LogPosition> result, Span span) {
        try {
            producer.send(record, (metadata, error) -> {
                MessageTracing.end(span);
                if (error != null) {
                    result.completeExceptionally(new LogUnavailableException("The message log did not confirm the write: "
                            + error.getMessage(), error));
                } else {
                    appended.accumulateAndGet(metadata.partition(), metadata.offset() + 1, Math::max);
                    result.complete(new LogPosition(metadata.partition(), metadata.offset()));
                }
            });
        } catch (RuntimeException e) {
            MessageTracing.end(span);
            result.completeExceptionally(new LogUnavailableException("The message log refused the write: " + e.getMessage(), e));
        }
    }

    void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
