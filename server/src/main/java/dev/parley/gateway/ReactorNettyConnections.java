package dev.parley.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.adapter.ReactorNettyWebSocketSession;
import reactor.netty.http.server.HttpServer;

/**
 * The one place that reaches below WebFlux to Netty: it tracks the server's channels (a channel
 * group forgets closed ones by itself) so that {@link Connection} can write to its channel
 * directly, see how much the client has not taken yet, and drop a connection that will not even
 * take its close frame.
 */
final class ReactorNettyConnections implements NettyServerCustomizer {

    private final ChannelGroup channels = new DefaultChannelGroup("parley-connections", GlobalEventExecutor.INSTANCE);

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnConnection(connection -> channels.add(connection.channel()));
    }

    /** The Netty channel under a WebSocket session, or null when it is gone. */
    Channel channelOf(WebSocketSession session) {
        return session instanceof ReactorNettyWebSocketSession netty ? channels.find(netty.getChannelId()) : null;
    }

    /**
     * Bytes written to the connection that the client has not taken yet. Reactor Netty keeps
     * writing whether or not the client reads, so this is where a stalled client's backlog grows.
     */
    static long pendingBytes(Channel channel) {
        ChannelOutboundBuffer buffer = channel == null ? null : channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    /** Frames in the connection's outbound buffer that the socket has not taken yet. */
    static int pendingFrames(Channel channel) {
        ChannelOutboundBuffer buffer = channel == null ? null : channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.size();
    }

    /** Closes the TCP connection at once, whatever is still queued for it. */
    static void abort(Channel channel) {
        if (channel != null) {
            channel.close();
        }
    }
}
