package dev.parley.gateway;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.parley.accounts.AuthenticatedUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;
import tools.jackson.databind.json.JsonMapper;

/**
 * One open WebSocket session of one user. Everything written to the client goes through a bounded
 * queue; a client that stops reading fills it and is disconnected (4008), so a slow reader costs
 * at most {@code outboundQueueFrames} frames of memory.
 */
final class Connection {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    /** How long a closing slow consumer gets to take its close frame before the socket is dropped. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final String id = UUID.randomUUID().toString();
    private final AuthenticatedUser user;
    private final WebSocketSession session;
    private final JsonMapper json;
    private final ReactorNettyConnections netty;
    private final Sinks.Many<WebSocketMessage> outbound;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile long lastSeenNanos = System.nanoTime();

    Connection(AuthenticatedUser user, WebSocketSession session, JsonMapper json, int queueFrames, ReactorNettyConnections netty) {
        this.user = user;
        this.netty = netty;
        this.session = session;
        this.json = json;
        this.outbound = Sinks.many().unicast().onBackpressureBuffer(Queues.<WebSocketMessage>get(queueFrames).get());
    }

    String id() {
        return id;
    }

    AuthenticatedUser user() {
        return user;
    }

    Flux<WebSocketMessage> outbound() {
        return outbound.asFlux();
    }

    void touch() {
        lastSeenNanos = System.nanoTime();
    }

    Duration idleFor() {
        return Duration.ofNanos(System.nanoTime() - lastSeenNanos);
    }

    /** Queues an already serialized text frame; the bytes may be shared with other connections. */
    void sendSerialized(byte[] frame) {
        emit(new WebSocketMessage(WebSocketMessage.Type.TEXT, session.bufferFactory().wrap(frame)));
    }

    void send(Frames.Frame frame) {
        sendSerialized(json.writeValueAsBytes(frame));
    }

    void ping() {
        emit(session.pingMessage(factory -> factory.wrap(new byte[0])));
    }

    private void emit(WebSocketMessage message) {
        if (closing.get()) {
            return;
        }
        Sinks.EmitResult result;
        synchronized (this) { // sinks take one emitter at a time; fan-out threads and handlers share this one
            result = outbound.tryEmitNext(message);
        }
        if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
            log.info("Disconnecting {} session {}: {} frames waiting, client is not reading", user.username(), id, "outbound queue full");
            close(CloseCodes.SLOW_CONSUMER);
        }
    }

    /** Sends a close frame, then drops the socket if the client does not finish the close handshake. */
    void close(CloseStatus status) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            outbound.tryEmitComplete();
        }
        session.close(status)
                .then(Mono.delay(CLOSE_GRACE))
                .subscribe(ignored -> netty.abort(session), error -> netty.abort(session));
    }

    /** The client went away: stop accepting frames for it. */
    void closed() {
        closing.set(true);
        synchronized (this) {
            outbound.tryEmitComplete();
        }
    }
}
