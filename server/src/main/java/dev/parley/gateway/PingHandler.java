package dev.parley.gateway;

import reactor.core.publisher.Mono;

/** {@code ping} → {@code pong}: an application-level liveness check for clients that cannot see WebSocket pings. */
final class PingHandler implements FrameHandler {

    @Override
    public String type() {
        return "ping";
    }

    @Override
    public Mono<Void> handle(Connection connection, InboundFrame frame) {
        connection.send(Frames.PONG);
        return Mono.empty();
    }
}
