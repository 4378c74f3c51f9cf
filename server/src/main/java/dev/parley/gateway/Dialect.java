package dev.parley.gateway;

import java.util.List;

import dev.parley.routing.Delivery;
import tools.jackson.databind.node.ObjectNode;

/**
 * How the client of one connection speaks, when it speaks another wire shape than Parley's own
 * (dev.parley.compat): an adapter at the edge. Its frames are read as the native frames they stand
 * for, which then take the one path every frame takes (same validation, acks, idempotency and
 * history); events leave in its shape. One instance per connection, used by one frame at a time.
 */
public interface Dialect {

    /** Parley's own protocol. */
    Dialect NATIVE = new Dialect() {
    };

    /**
     * The native frames (each with a {@code type}) that this client frame stands for, in order;
     * throws {@link dev.parley.system.ParleyError} to refuse it with an error frame.
     */
    default List<ObjectNode> read(ObjectNode frame) {
        return List.of(frame);
    }

    /**
     * This client's bytes for a routed event, or null when it is not shown such events. Render
     * through {@link Delivery#as} so that each shape is serialized once per event.
     */
    default byte[] write(Delivery delivery) {
        return delivery.frame();
    }

    /** Whether a frame the gateway writes itself ({@code message.ack}, {@code error}, {@code pong}...) goes to this client. */
    default boolean keeps(String replyType) {
        return true;
    }

    /** Whether the client's own messages come back to it as events: clients that show what they sent only once the server echoes it. */
    default boolean echoesOwnSends() {
        return false;
    }
}
