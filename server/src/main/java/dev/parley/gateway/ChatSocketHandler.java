package dev.parley.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import dev.parley.accounts.AuthenticatedUser;
import io.netty.handler.codec.TooLongFrameException;
import dev.parley.tracing.MessageTracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The life of one WebSocket connection, whatever its endpoint: register it and read its frames one
 * after another ({@link Heartbeats} pings it and closes it when its token expires). Reached through
 * {@link AuthenticatingWebSocketService}, which knows the user and the connection's {@link Dialect}.
 */
final class ChatSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(ChatSocketHandler.class);
    /**
     * Frames read ahead of the one being handled; beyond that, TCP back-pressure holds the client.
     * One: a larger read-ahead costs every connection a padded array queue (~0.5 KB) for no gain.
     */
    private static final int INBOUND_PREFETCH = 1;

    private final SessionRegistry registry;
    private final FrameDispatcher dispatcher;
    private final GatewaySettings settings;
    private final JsonMapper json;
    private final ReactorNettyConnections netty;
    private final GatewayMetrics metrics;
    private final MessageTracing tracing;
    private final GatewayLimits limits;

    ChatSocketHandler(SessionRegistry registry, FrameDispatcher dispatcher, GatewaySettings settings, JsonMapper json,
                      ReactorNettyConnections netty, GatewayMetrics metrics, MessageTracing tracing, GatewayLimits limits) {
        this.limits = limits;
        this.metrics = metrics;
        this.tracing = tracing;
        this.netty = netty;
        this.registry = registry;
        this.dispatcher = dispatcher;
        this.settings = settings;
        this.json = json;
    }

    Mono<Void> handle(WebSocketSession session, AuthenticatedUser user, Dialect dialect) {
        Connection connection = new Connection(user, session, json, settings, netty.channelOf(session), metrics, tracing, dialect);
        if (announcesResume(session)) {
            connection.hold(); // live messages wait for the resume frame, so none overtakes the catch-up
        }
        if (!registry.add(connection, limits.sessionsPerUser())) {
            // After the upgrade rather than a 429 before it: browsers show a close code, never an upgrade's status.
            metrics.closed(CloseCodes.TOO_MANY_SESSIONS);
            return session.close(CloseCodes.TOO_MANY_SESSIONS);
        }

        Mono<Void> input = session.receive()
                .doOnNext(message -> connection.touch())
                .filter(message -> message.getType() == WebSocketMessage.Type.TEXT || message.getType() == WebSocketMessage.Type.BINARY)
                // Decoded here, as it arrives: the payload is released once this returns.
                .<String>handle((message, sink) -> {
                    String text = message.getType() == WebSocketMessage.Type.TEXT ? strictUtf8(message, connection) : "";
                    if (text == null) {
                        sink.complete(); // strictUtf8 sent the close frame; an error here would be dropped (and logged) by the closed input
                    } else {
                        sink.next(text);
                    }
                })
                .concatMap(text -> text.isEmpty() ? rejectBinaryOrEmpty(connection) : dispatcher.dispatch(connection, text), INBOUND_PREFETCH)
                .then()
                // RFC 6455 fails the connection: nothing read after the offending message is handled.
                .onErrorResume(TooLongFrameException.class, error -> {
                    connection.fail(CloseCodes.MESSAGE_TOO_BIG); // Netty's aggregator, for a fragmented message
                    return Mono.empty();
                })
                .doFinally(signal -> connection.closed());

        // Frames go out through the connection's channel directly (see Connection), not session.send():
        // the session lives as long as its input.
        return input
                .onErrorResume(error -> {
                    log.debug("Connection {} of {} ended with {}", connection.id(), user.username(), error.toString());
                    return Mono.empty();
                })
                .doFinally(signal -> registry.remove(connection));
    }

    private static boolean announcesResume(WebSocketSession session) {
        String query = session.getHandshakeInfo().getUri().getRawQuery();
        return query != null && java.util.Arrays.asList(query.split("&")).contains("resume=1");
    }

    /**
     * The text of a text message, refusing what is not UTF-8 (Spring's own decoding would put
     * U+FFFD in its place). JDK's decoder also refuses overlong forms and encoded surrogates. The
     * close frame goes out here, on the event loop, before the input ends (on which Reactor Netty
     * would send a close frame without a code). Null for a message that is not UTF-8.
     */
    private static String strictUtf8(WebSocketMessage message, Connection connection) {
        DataBuffer payload = message.getPayload();
        byte[] bytes = new byte[payload.readableByteCount()];
        payload.toByteBuffer(payload.readPosition(), ByteBuffer.wrap(bytes), 0, bytes.length);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            connection.fail(CloseCodes.INVALID_UTF8);
            return null;
        }
    }

    private Mono<Void> rejectBinaryOrEmpty(Connection connection) {
        metrics.frameIn("binary");
        connection.send(Frames.error("unsupported_frame", "Send JSON objects in text frames", null, null));
        return Mono.empty();
    }
}
