package dev.parley.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.parley.accounts.AuthenticatedUser;
import dev.parley.routing.Delivery;
import dev.parley.tracing.MessageTracing;
import io.micrometer.tracing.Span;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import dev.parley.system.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * One open WebSocket session of one user. Frames are written straight to the connection's Netty
 * channel, whose outbound buffer is the connection's one queue: no reactive pipeline per
 * connection, which is most of what an idle connection would otherwise cost. The queue is bounded:
 * a client that stops reading makes it exceed {@code outboundQueueFrames} frames or
 * {@code outboundBufferBytes} unread bytes and is disconnected with 4008, so a stalled reader costs
 * a bounded amount of memory.
 */
final class Connection {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    /** Warnings that can repeat per message, record or connection under load: the first at once, then a count every 5 s. */
    private static final ThrottledLog throttled = ThrottledLog.of(log);
    /** How long a closing slow consumer gets to take its close frame before the socket is dropped. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final String id = UUID.randomUUID().toString();
    private final AuthenticatedUser user;
    private final WebSocketSession session;
    private final JsonMapper json;
    private final Channel channel;
    private final long maxPendingBytes;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean resuming = new AtomicBoolean();
    private final int queueFrames;
    /** Message events held back while the connection catches up from the archive; null when live. Guarded by this. */
    private List<Delivery> held;
    private long heldBytes;
    private boolean heldOverflow;
    /** Frames (and their bytes) handed to the event loop that it has not written yet: part of the client's backlog too. */
    private final AtomicInteger queuedFrames = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    /** Per conversation, the newest seq sent: a second copy of a message is dropped. Guarded by this. */
    private final SentFloors floors = new SentFloors();
    private final PendingSends pendingSends = new PendingSends();
    private volatile long lastSeenNanos = System.nanoTime();
    /** Completes once every router can find this connection's user here (cluster mode); a catch-up waits for it. */
    private volatile Mono<Void> registered = Mono.empty();
    private final GatewayMetrics metrics;
    private final MessageTracing tracing;

    Connection(AuthenticatedUser user, WebSocketSession session, JsonMapper json, GatewaySettings settings, Channel channel,
               GatewayMetrics metrics, MessageTracing tracing) {
        this.user = user;
        this.metrics = metrics;
        this.tracing = tracing;
        this.channel = channel;
        this.maxPendingBytes = settings.outboundBufferBytes();
        this.session = session;
        this.json = json;
        this.queueFrames = settings.outboundQueueFrames();
    }

    String id() {
        return id;
    }

    AuthenticatedUser user() {
        return user;
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
        Span span = delivery.trace() == null ? null : tracing.child(delivery.trace(), "ws.write " + delivery.type(), Span.Kind.PRODUCER);
        if (write(new TextWebSocketFrame(Unpooled.wrappedBuffer(delivery.frame())), span)) {
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
                if (heldOverflow || held.size() >= queueFrames / 2 || heldBytes + delivery.frame().length > maxPendingBytes / 2) {
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
        return pendingFrames() < queueFrames / 2 && pendingBytes() < maxPendingBytes / 2;
    }

    /**
     * What the client has not taken plus what is still queued for it on the event loop: a catch-up
     * paces itself by this. The channel's count first: a write task that runs in between is then
     * missed once, never counted twice.
     */
    private int pendingFrames() {
        int inChannel = ReactorNettyConnections.pendingFrames(channel);
        return inChannel + queuedFrames.get();
    }

    private long pendingBytes() {
        long inChannel = ReactorNettyConnections.pendingBytes(channel);
        return inChannel + queuedBytes.get();
    }

    boolean isClosing() {
        return closing.get();
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
        return channel == null ? Runnable::run : channel.eventLoop();
    }

    void send(Frames.Frame frame) {
        if (write(new TextWebSocketFrame(Unpooled.wrappedBuffer(json.writeValueAsBytes(frame))), null)) {
            metrics.frameOut(frame.type());
        }
    }

    void ping() {
        write(new PingWebSocketFrame(), null);
    }

    /**
     * Writes and flushes from any thread, always as a task on the channel's event loop: frames
     * leave in the order they were handed over (a direct write on the event loop would overtake
     * frames other threads queued earlier), and the channel's outbound buffer holds only what the
     * event loop could not get into the socket, the client's real backlog, which is what the bounds
     * are checked against. {@code span}, when the message's trace is sampled, ends once the frame is
     * in the socket. False when the frame was dropped (closing, or a client too far behind).
     */
    private boolean write(WebSocketFrame frame, Span span) {
        if (closing.get() || channel == null) {
            frame.release();
            MessageTracing.end(span);
            return false;
        }
        // Only what the socket has not taken is the client's backlog; frames still queued on the event
        // loop are the server's (a burst from the router), and must not make a reading client look slow.
        int frames = ReactorNettyConnections.pendingFrames(channel);
        long pending = ReactorNettyConnections.pendingBytes(channel);
        if (frames >= queueFrames || pending > maxPendingBytes) {
            frame.release();
            MessageTracing.end(span);
            throttled.info("Disconnecting {} (session {}): it is not reading ({} frames, {} bytes unread)", user.username(), id, frames, pending);
            close(CloseCodes.SLOW_CONSUMER);
            return false;
        }
        int size = frame.content().readableBytes();
        try {
            queuedFrames.incrementAndGet();
            queuedBytes.addAndGet(size);
            channel.eventLoop().execute(() -> {
                queuedFrames.decrementAndGet();
                queuedBytes.addAndGet(-size);
                if (span == null) {
                    channel.writeAndFlush(frame, channel.voidPromise());
                } else {
                    channel.writeAndFlush(frame).addListener(written -> span.end());
                }
            });
        } catch (RejectedExecutionException e) {
            queuedFrames.decrementAndGet();
            queuedBytes.addAndGet(-size);
            frame.release(); // the server is shutting down
            MessageTracing.end(span);
            return false;
        }
        return true;
    }

    /**
     * Sends a close frame after every frame handed over before it (it goes through the event loop's
     * task queue like them), then drops the socket if the client does not finish the close handshake.
     */
    void close(CloseStatus status) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        metrics.closed(status);
        Runnable sendClose = () -> session.close(status).subscribe(null, error -> ReactorNettyConnections.abort(channel));
        try {
            if (channel == null) {
                sendClose.run();
            } else {
                channel.eventLoop().execute(sendClose);
            }
        } catch (RejectedExecutionException e) {
            ReactorNettyConnections.abort(channel); // the server is shutting down
        }
        // A client that does not read cannot take the close frame either: drop it after a grace period.
        Mono.delay(CLOSE_GRACE).subscribe(ignored -> ReactorNettyConnections.abort(channel));
    }

    /** Cuts the TCP connection at once, with no close frame. */
    void drop() {
        closing.set(true);
        ReactorNettyConnections.abort(channel);
    }

    /** The client went away: stop accepting frames for it. */
    void closed() {
        closing.set(true);
    }
}
