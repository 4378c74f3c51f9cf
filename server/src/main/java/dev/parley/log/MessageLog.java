package dev.parley.log;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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

    MessageLog(Producer<String, byte[]> producer, String topic, JsonMapper json, int queueCapacity) {
        this.producer = producer;
        this.topic = topic;
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

    public CompletableFuture<LogPosition> append(LogRecord record) {
        CompletableFuture<LogPosition> result = new CompletableFuture<>();
        byte[] value = json.writeValueAsBytes(record);
        ProducerRecord<String, byte[]> producerRecord = new ProducerRecord<>(topic, record.conversationId(), value);
        try {
            sender.execute(() -> send(producerRecord, result));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(LogUnavailableException.busy("Too many messages waiting for the log", e));
        }
        return result;
    }

    private void send(ProducerRecord<String, byte[]> record, CompletableFuture<LogPosition> result) {
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    result.completeExceptionally(new LogUnavailableException("The message log did not confirm the write: "
                            + error.getMessage(), error));
                } else {
                    result.complete(new LogPosition(metadata.partition(), metadata.offset()));
                }
            });
        } catch (RuntimeException e) {
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
