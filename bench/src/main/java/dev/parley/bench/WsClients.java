package dev.parley.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;

/**
 * Many lightweight WebSocket client connections on a few Netty event loops (epoll where available).
 * Connections are spread over several 127.0.0.x source addresses so that the ephemeral port range
 * never runs out.
 */
public final class WsClients implements AutoCloseable {

    /** One open connection. {@code onText} runs on a Netty event loop: keep it short. */
    public static final class Connection {
        private final Channel channel;

        Connection(Channel channel) {
            this.channel = channel;
        }

        public void send(String text) {
            channel.writeAndFlush(new TextWebSocketFrame(text));
        }

        /**
         * Sends, and runs {@code written} (on the event loop) once the frame is in the socket: what a
         * pacer hands over may still wait in this client's queues when the server reads slowly.
         */
        public void send(String text, Runnable written) {
            channel.writeAndFlush(new TextWebSocketFrame(text)).addListener(f -> {
                if (f.isSuccess()) {
                    written.run();
                }
            });
        }

        public void close() {
            channel.close();
        }

        public boolean isOpen() {
            return channel.isActive();
        }
    }

    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelType;
    private final String host;
    private final int port;
    private final int sourceAddresses;
    private int opened;

    public WsClients(String host, int port, int threads, int sourceAddresses) {
        boolean epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        this.host = host;
        this.port = port;
        this.sourceAddresses = Math.max(1, sourceAddresses);
    }

    /** What ended a connection: the server's close frame (code and reason), or 1006 and no reason when the TCP connection just went. */
    public interface Closed {
        void closed(int code, String reason);
    }

    /** Connects to {@code path} (with its query) and completes once the WebSocket handshake is done. */
    public CompletableFuture<Connection> connect(String path, Consumer<String> onText, Runnable onClose) {
        return connect(path, onText, (code, reason) -> onClose.run());
    }

    /** As above, telling {@code onClose} the close code and reason the server sent. */
    public CompletableFuture<Connection> connect(String path, Consumer<String> onText, Closed onClose) {
        CompletableFuture<Connection> result = new CompletableFuture<>();
        CloseCapture capture = new CloseCapture();
        URI uri = URI.create("ws://" + host + ":" + port + path);
        int source = opened++ % sourceAddresses;
        Bootstrap bootstrap = new Bootstrap().group(group).channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(
                                new HttpClientCodec(),
                                new HttpObjectAggregator(64 * 1024),
                                capture, // before the protocol handler, which swallows the close frame
                                new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                                        .webSocketUri(uri).maxFramePayloadLength(1 << 20).handshakeTimeoutMillis(30_000).build()),
                                new Handler(result, onText, () -> onClose.closed(capture.code, capture.reason)));
                    }
                });
        if (sourceAddresses > 1) {
            bootstrap.localAddress(new InetSocketAddress("127.0.0." + (1 + source), 0));
        }
        bootstrap.connect(host, port).addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Notes the close frame's status on its way to the protocol handler (which closes the connection without telling). */
    private static final class CloseCapture extends io.netty.channel.ChannelInboundHandlerAdapter {
        private volatile int code = 1006;
        private volatile String reason = "";

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (message instanceof io.netty.handler.codec.http.websocketx.CloseWebSocketFrame close) {
                code = close.statusCode() < 0 ? 1005 : close.statusCode();
                reason = close.reasonText();
            }
            ctx.fireChannelRead(message);
        }
    }

    private static final class Handler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final CompletableFuture<Connection> handshake;
        private final Consumer<String> onText;
        private final Runnable onClose;

        Handler(CompletableFuture<Connection> handshake, Consumer<String> onText, Runnable onClose) {
            this.handshake = handshake;
            this.onText = onText;
            this.onClose = onClose;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                handshake.complete(new Connection(ctx.channel()));
            } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                handshake.completeExceptionally(new IllegalStateException("handshake timed out"));
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            onText.accept(frame.text());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            handshake.completeExceptionally(new IllegalStateException("connection closed before the handshake"));
            onClose.run();
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            handshake.completeExceptionally(cause);
            ctx.close();
        }
    }
}
