package dev.parley.gateway;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.parley.system.ThrottledLog;
import dev.parley.tracing.MessageTracing;
import io.micrometer.tracing.Span;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;

/**
 * The way out of one WebSocket connection. Frames are written straight to its Netty channel, whose
 * outbound buffer is the connection's one queue: no reactive pipeline per connection, which is
 * most of what an idle connection would otherwise cost. The queue is bounded: a client that stops
 * reading makes it exceed {@code outboundQueueFrames} frames or {@code outboundBufferBytes} unread
 * bytes and is disconnected with 4008, so a stalled reader costs a bounded amount of memory.
 */
final class Outbound {

    /** Warnings that can repeat per connection under load: the first at once, then a count every 5 s. */
    private static final ThrottledLog throttled = ThrottledLog.of(LoggerFactory.getLogger(Connection.class));
    /** How long a closing client gets to take its close frame before the socket is dropped. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final String who;
    private final WebSocketSession session;
    private final Channel channel;
    private final int queueFrames;
    private final long maxPendingBytes;
    private final GatewayMetrics metrics;
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Frames (and their bytes) handed to the event loop that it has not written yet: part of the client's backlog too. */
    private final AtomicInteger queuedFrames = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();

    /** {@code who} names the connection in a log line; {@code channel} is null only in tests without Netty. */
    Outbound(String who, WebSocketSession session, Channel channel, GatewaySettings settings, GatewayMetrics metrics) {
        this.who = who;
        this.session = session;
        this.channel = channel;
        this.queueFrames = settings.outboundQueueFrames();
        this.maxPendingBytes = settings.outboundBufferBytes();
        this.metrics = metrics;
    }

    /** The most frames the client may have unread. */
    int queueFrames() {
        return queueFrames;
    }

    /** The most bytes the client may have unread. */
    long maxPendingBytes() {
        return maxPendingBytes;
    }

    /**
     * Writes and flushes from any thread, always as a task on the channel's event loop: frames
     * leave in the order they were handed over (a direct write on the event loop would overtake
     * frames other threads queued earlier), and the channel's outbound buffer holds only what the
     * event loop could not get into the socket, the client's real backlog, which is what the bounds
     * are checked against. {@code span}, when the message's trace is sampled, ends once the frame is
     * in the socket. False when the frame was dropped (closing, or a client too far behind).
     */
    boolean write(WebSocketFrame frame, Span span) {
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
            throttled.info("Disconnecting {}: it is not reading ({} frames, {} bytes unread)", who, frames, pending);
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

    /** Where work for this connection runs without holding up anyone else: its event loop (serializing an ack, say). */
    Executor executor() {
        return channel == null ? Runnable::run : channel.eventLoop();
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

    /**
     * Closes at once for a protocol violation. Called on the connection's event loop, so the close
     * frame is written now, before Reactor Netty's own close when the input ends (1000, or no code).
     */
    void fail(CloseStatus status) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        metrics.closed(status);
        session.close(status).subscribe(null, error -> ReactorNettyConnections.abort(channel));
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
