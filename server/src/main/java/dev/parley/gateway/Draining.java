package dev.parley.gateway;

import dev.parley.system.ParleyError;

/**
 * Whether this node is draining: once it is, new WebSocket upgrades get 503 and new sends
 * {@code shutting_down}, while what was already taken is answered ({@link Drain}).
 */
final class Draining {

    static final String CODE = "shutting_down";

    private volatile boolean on;

    void begin() {
        on = true;
    }

    boolean active() {
        return on;
    }

    /** The answer to a send read during the drain: nothing was stored; the client sends it again once reconnected. */
    static ParleyError refusal() {
        return ParleyError.unavailable(CODE, "The server is shutting down and did not store this message; "
                + "reconnect (you reach another node) and send it again with the same clientMsgId");
    }
}
