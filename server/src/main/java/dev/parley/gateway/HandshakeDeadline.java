package dev.parley.gateway;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Closes a TCP connection that has not sent a whole HTTP request head within the handshake
 * timeout of opening (slowloris: headers a byte at a time). Reactor Netty's own idle timeout
 * restarts with every byte, so a slow drip would outlast it; this deadline does not move. After a
 * response, a kept-alive connection gets the keep-alive timeout to start its next request (a
 * refused upgrade, say, cannot idle on). Sits right after the HTTP codec and leaves the pipeline
 * when the connection becomes a WebSocket, which has its own idle timeout.
 */
final class HandshakeDeadline extends ChannelDuplexHandler {

    private static final String NAME = "parley.handshakeDeadline";

    private final long millis;
    private final long keepAliveMillis;
    private ScheduledFuture<?> timer;

    private HandshakeDeadline(Duration timeout, Duration keepAlive) {
        this.millis = timeout.toMillis();
        this.keepAliveMillis = keepAlive.toMillis();
    }

    /** Adds the deadline to every connection {@code server} accepts. */
    static HttpServer on(HttpServer server, Duration timeout, Duration keepAlive) {
        return server.doOnChannelInit((observer, channel, remote) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, NAME, new HandshakeDeadline(timeout, keepAlive));
            }
        });
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            arm(ctx, millis);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm(ctx, millis);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            disarm(); // the request head is in; its handling may take as long as it takes
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response && response.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
            disarm();
            ctx.pipeline().remove(this);
        } else if (msg instanceof LastHttpContent) {
            arm(ctx, keepAliveMillis); // the response is complete: the next request head must start in time
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        ctx.fireChannelInactive();
    }

    private void arm(ChannelHandlerContext ctx, long after) {
        disarm();
        timer = ctx.executor().schedule(() -> {
            ctx.channel().close();
        }, after, TimeUnit.MILLISECONDS);
    }

    private void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
