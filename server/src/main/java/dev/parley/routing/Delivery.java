package dev.parley.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One serialized event on its way to sessions: the same bytes for every recipient. Message events
 * (and changes to messages) carry their conversation and seq, so that a session catching up from the archive can drop the
 * live copies it already sent; other events (receipts, typing) have seq -1 and are never held back.
 * <p>
 * {@code type} names the frame for metrics; a message also carries when it was sent (epoch ms, for
 * the end-to-end latency) and, when its trace is sampled, the W3C {@code traceparent} of the span
 * that handed it over (null otherwise).
 * <p>
 * Clients of another wire shape (dev.parley.compat) see the event in their own form: each form is
 * made once per event, by the first session that needs it, and shared like the native bytes.
 */
public final class Delivery {

    public static final String MESSAGE = "message.create";
    /** Marks a form that some wire shape does not show at all (null cannot be cached). */
    private static final byte[] NOTHING = new byte[0];

    private final byte[] frame;
    private final String type;
    private final String conversationId;
    private final long seq;
    private final long sentAt;
    private final String trace;
    /** Other wire shapes' forms of this event, by shape; created with the first one. */
    private volatile Map<Object, byte[]> forms;

    public Delivery(byte[] frame, String type, String conversationId, long seq, long sentAt, String trace) {
        this.frame = frame;
        this.type = type;
        this.conversationId = conversationId;
        this.seq = seq;
        this.sentAt = sentAt;
        this.trace = trace;
    }

    public static Delivery message(byte[] frame, String conversationId, long seq, long sentAt, String trace) {
        return new Delivery(frame, MESSAGE, conversationId, seq, sentAt, trace);
    }

    public static Delivery ephemeral(String type, byte[] frame) {
        return new Delivery(frame, type, null, -1, 0, null);
    }

    /** The native frame: {@code {"type": ..., "data": ...}}. */
    public byte[] frame() {
        return frame;
    }

    public String type() {
        return type;
    }

    public String conversationId() {
        return conversationId;
    }

    public long seq() {
        return seq;
    }

    public long sentAt() {
        return sentAt;
    }

    public String trace() {
        return trace;
    }

    /** An event of a conversation's sequence (a message or a change to one), held back and filtered by seq on resume. */
    public boolean isMessage() {
        return seq >= 0;
    }

    /** A {@code message.create}: what clients of other wire shapes show; they do not show changes. */
    public boolean isNewMessage() {
        return MESSAGE.equals(type);
    }

    /**
     * This event in the wire shape {@code shape}: {@code render} runs once per event and shape (it
     * may return null: the shape does not show this event, and null is returned to every session).
     */
    public byte[] as(Object shape, Function<Delivery, byte[]> render) {
        Map<Object, byte[]> all = forms;
        if (all == null) {
            synchronized (this) {
                if (forms == null) {
                    forms = new ConcurrentHashMap<>(2);
                }
                all = forms;
            }
        }
        byte[] form = all.computeIfAbsent(shape, key -> {
            byte[] rendered = render.apply(this);
            return rendered == null ? NOTHING : rendered;
        });
        return form == NOTHING ? null : form;
    }

    /** The same event handed over by another span of its trace. */
    public Delivery tracedBy(String traceparent) {
        return new Delivery(frame, type, conversationId, seq, sentAt, traceparent);
    }

    @Override
    public String toString() {
        return "Delivery[" + type + " " + conversationId + "#" + seq + "]";
    }
}
