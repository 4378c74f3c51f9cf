package dev.parley.routing;

/**
 * One serialized event on its way to sessions: the same bytes for every recipient. Message events
 * carry their conversation and seq, so that a session catching up from the archive can drop the
 * live copies it already sent; other events (receipts, typing) have seq -1 and are never held back.
 */
public record Delivery(byte[] frame, String conversationId, long seq) {

    public static Delivery ephemeral(byte[] frame) {
        return new Delivery(frame, null, -1);
    }

    public boolean isMessage() {
        return seq >= 0;
    }
}
