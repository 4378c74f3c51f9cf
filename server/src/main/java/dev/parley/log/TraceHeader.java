package dev.parley.log;

import java.nio.charset.StandardCharsets;

import dev.parley.tracing.MessageTracing;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** The {@code traceparent} of a sampled message's trace in a Kafka record's headers: on the log and on the delivery topics. */
public final class TraceHeader {

    private TraceHeader() {
    }

    public static void write(Headers headers, String traceparent) {
        if (traceparent != null) {
            headers.add(MessageTracing.HEADER, traceparent.getBytes(StandardCharsets.US_ASCII));
        }
    }

    public static String read(Headers headers) {
        Header header = headers.lastHeader(MessageTracing.HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.US_ASCII);
    }
}
