package dev.parley.gateway;

import reactor.core.publisher.Mono;

/** Handles one client frame type. Failures are {@link dev.parley.system.ParleyError}s, answered with an error frame. */
interface FrameHandler {

    String type();

    /** Completes when the next frame of the same connection may be handled. */
    Mono<Void> handle(Connection connection, InboundFrame frame);
}
