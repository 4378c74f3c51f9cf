package dev.parley.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.parley.accounts.AuthenticatedUser;
import dev.parley.routing.Delivery;
import dev.parley.tracing.MessageTracing;
import io.micrometer.tracing.Span;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * One open WebSocket session of one user: what it was sent (per conversation, so a second copy of
 * a message is dropped), what is held back while it resumes, and the sends it has not had answered
 * yet. Everything goes out through its {@link Outbound}, the bounded way to the socket.
 */
final class Connection {

    private final String id = UUID.randomUUID().toString();
    private final AuthenticatedUser user;
    private final JsonMapper json;
    private final Outbound outbound;
    private final AtomicBoolean resuming = new AtomicBoolean();
    /** Message events held back while the connection catches up from the archive; null when live. Guarded by this. */
    private List<Delivery> held;
    private long heldBytes;
    private boolean heldOverflow;
    /** Per conversation, the newest seq sent: a second copy of a message is dropped. Guarded by this. */
    private final SentFloors floors = new SentFloors();
    private final PendingSends pendingSends = new PendingSends();
    private volatile long lastSeenNanos = System.nanoTime();
    /** Completes once every router can find this connection's user here (cluster mode); a catch-up waits for it. */
    private volatile Mono<Void> registered = Mono.empty();
    private final GatewayMetrics metrics;
    private final MessageTracing tracing;
    private final Dialect dialect;

    Connection(AuthenticatedUser user, WebSocketSession session, JsonMapper json, GatewaySettings settings, Channel channel,
               GatewayMetrics metrics, MessageTracing tracing, Dialect dialect) {
        this.user = user;
        this.dialect = dialect;
        this.metrics = metrics;
        this.tracing = tracing;
        this.json = json;
        this.outbound = new Outbound(user.username() + " (session " + id + ")", session, channel, settings, metrics);
    }

    String id() {
        return id;
    }

    AuthenticatedUser user() {
        return user;
    }

    /** How this connection's client speaks. */
    Dialect dialect() {
        return dialect;
    }

    /** Sends read and not answered yet: a drain closes the connection after the last one. */
    PendingSends pendingSends() {
        return pendingSends;
    }

    void touch() {
        lastSeenNanos = System.nanoTime();
    }

    Duration idleFor() {
        return Duration.ofNanos(System.nanoTime() - lastSeenNanos);
    }

    /** Queues a routed event's frame; the bytes are shared with every other recipient. */
    private void emit(Delivery delivery) {
        byte[] bytes = dialect.write(delivery);
        if (bytes == null) {
            return;
        }
        Span span = delivery.trace() == null ? null : tracing.child(delivery.trace(), "ws.write " + delivery.type(), Span.Kind.PRODUCER);
        if (outbound.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes)), span)) {
            metrics.frameOut(delivery.type());
            if (delivery.isMessage()) {
                metrics.delivered(delivery.sentAt());
            }
        }
    }

    /** A routed event: sent now, held back while the connection is catching up, or dropped if the catch-up sent it. */
    synchronized void deliver(Delivery delivery) {
        if (delivery.isMessage()) {
            if (held != null) {
                // At most half the outbound bounds, so that releasing them all at once cannot trip them.
                if (heldOverflow || held.size() >= outbound.queueFrames() / 2 || heldBytes + delivery.frame().length > outbound.maxPendingBytes() / 2) {
                    heldOverflow = true; // the catch-up will read these again instead
                } else {
                    held.add(delivery);
                    heldBytes += delivery.frame().length;
                }
                return;
            }
            if (!floors.advance(delivery.conversationId(), delivery.seq())) {
                return;
            }
        }
        emit(delivery);
    }

    /** From now on, message events wait until {@link #goLive} (a resume is under way or announced). */
    synchronized void hold() {
        if (held == null) {
            held = new ArrayList<>();
            heldBytes = 0;
            heldOverflow = false;
        }
    }

    /**
     * Goes live, atomically with respect to new deliveries: sends the held events newer than
     * {@code skip} (per conversation: what the client had or the catch-up sent), and from then on
     * drops live copies at or below that in the conversations the catch-up sent something in
     * ({@code sentIn}) or released held events of. Returns false, dropping what was held, when more
     * arrived than could be held: the caller then catches up once more.
     */
    synchronized boolean goLive(Map<String, Long> skip, Set<String> sentIn) {
        if (held == null) {
            return true;
        }
        if (heldOverflow) {
            held.clear();
            heldBytes = 0;
            heldOverflow = false;
            return false;
        }
        Map<String, Long> newest = new HashMap<>();
        for (String conversation : sentIn) {
            Long position = skip.get(conversation);
            if (position != null) {
                newest.put(conversation, position);
            }
        }
        for (Delivery delivery : held) {
            long floor = newest.getOrDefault(delivery.conversationId(), skip.getOrDefault(delivery.conversationId(), -1L));
            if (delivery.seq() > floor) {
                emit(delivery);
                newest.put(delivery.conversationId(), delivery.seq());
            }
        }
        held = null;
        heldBytes = 0;
        floors.reset(newest);
        return true;
    }

    /** Whether the client has taken most of what was written to it: a catch-up writes its next page only then. */
    boolean hasRoom() {
        return outbound.hasRoom();
    }

    boolean isClosing() {
        return outbound.isClosing();
    }

    void registered(Mono<Void> registration) {
        this.registered = registration;
    }

    Mono<Void> registered() {
        return registered;
    }

    /** Claims the connection's one resume slot; false while another resume runs. */
    boolean startResume() {
        return resuming.compareAndSet(false, true);
    }

    void resumeEnded() {
        resuming.set(false);
    }

    /** Where work for this connection runs without holding up anyone else: its event loop (serializing an ack, say). */
    Executor executor() {
        return outbound.executor();
    }

    void send(Frames.Frame frame) {
        if (dialect.keeps(frame.type()) && outbound.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(json.writeValueAsBytes(frame))), null)) {
            metrics.frameOut(frame.type());
        }
    }

    void ping() {
        outbound.write(new PingWebSocketFrame(), null);
    }

    /** Sends a close frame after everything handed over before it; drops the socket if the client does not answer it. */
    void close(CloseStatus status) {
        outbound.close(status);
    }

    /** Closes at once for a protocol violation; only on the connection's event loop (see {@link Outbound#fail}). */
    void fail(CloseStatus status) {
        outbound.fail(status);
    }

    /** Cuts the TCP connection at once, with no close frame. */
    void drop() {
        outbound.drop();
    }

    /** The client went away: stop accepting frames for it. */
    void closed() {
        outbound.closed();
    }
}
