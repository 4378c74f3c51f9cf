package dev.parley.gateway;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.adapter.ReactorNettyWebSocketSession;
import reactor.netty.http.server.HttpServer;

/**
 * The one place that reaches below WebFlux to Netty: it tracks the server's channels (a channel
 * group forgets closed ones by itself) so that a connection which will not take its close frame
 * can be dropped.
 */
final class ReactorNettyConnections implements NettyServerCustomizer {

    private final ChannelGroup channels = new DefaultChannelGroup("parley-connections", GlobalEventExecutor.INSTANCE);

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnConnection(connection -> channels.add(connection.channel()));
    }

    /** Closes the TCP connection at once, whatever is still queued for it. */
    void abort(WebSocketSession session) {
        if (session instanceof ReactorNettyWebSocketSession netty) {
            Channel channel = channels.find(netty.getChannelId());
            if (channel != null) {
                channel.close();
            }
        }
    }
}
