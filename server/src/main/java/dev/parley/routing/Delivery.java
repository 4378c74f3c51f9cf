package dev.parley.routing;

/**
 * One serialized event on its way to sessions: the same bytes for every recipient. Message events
 * carry their conversation and seq, so that a session catching up from the archive can drop the
 * live copies it already sent; other events (receipts, typing) have seq -1 and are never held back.
 * <p>
 * {@code type} names the frame for metrics; a message also carries when it was sent (epoch ms, for
 * the end-to-end latency) and, when its trace is sampled, the W3C {@code traceparent} of the span
 * that handed it over (null otherwise).
 */
public record Delivery(byte[] frame, String type, String conversationId, long seq, long sentAt, String trace) {

    public static final String MESSAGE = "message.create";

    public static Delivery message(byte[] frame, String conversationId, long seq, long sentAt, String trace) {
        return new Delivery(frame, MESSAGE, conversationId, seq, sentAt, trace);
    }

    public static Delivery ephemeral(String type, byte[] frame) {
        return new Delivery(frame, type, null, -1, 0, null);
    }

    public boolean isMessage() {
        return seq >= 0;
    }

    /** The same event handed over by another span of its trace. */
    public Delivery tracedBy(String traceparent) {
        return new Delivery(frame, type, conversationId, seq, sentAt, traceparent);
    }
}
