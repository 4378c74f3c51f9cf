package dev.parley.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

/**
 * A real WebSocket client (the JDK's) that records every frame it receives. It can stop reading
 * ({@link #pauseReading()}) to play a client that has stalled.
 */
public final class WsClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile String closeReason;
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean paused;
    private volatile boolean frozen;
    private volatile WebSocket socket;

    private WsClient() {
    }

    public static WsClient connect(int port, String token) {
        return connect(URI.create("ws://127.0.0.1:" + port + "/ws?token=" + token), Map.of());
    }

    /** Connects announcing a resume: live messages wait until the {@code resume} frame is handled. */
    public static WsClient connectResuming(int port, String token) {
        return connect(URI.create("ws://127.0.0.1:" + port + "/ws?resume=1&token=" + token), Map.of());
    }

    public static WsClient connect(URI uri, Map<String, String> headers) {
        WsClient client = new WsClient();
        try {
            client.socket = open(uri, headers, client.listener()).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("WebSocket connect to " + uri + " failed", e);
        }
        return client;
    }

    /** Attempts a connection and returns its outcome (e.g. a refused handshake) without failing. */
    public static CompletableFuture<WebSocket> attempt(URI uri, Map<String, String> headers) {
        return open(uri, headers, new WsClient().listener());
    }

    private static CompletableFuture<WebSocket> open(URI uri, Map<String, String> headers, WebSocket.Listener listener) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        return builder.buildAsync(uri, listener);
    }

    public void send(Object frame) {
        sendText(frame instanceof String s ? s : Json.write(frame));
    }

    public void sendText(String text) {
        socket.sendText(text, true).join();
    }

    public void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    public List<JsonNode> frames() {
        return List.copyOf(frames);
    }

    public List<JsonNode> frames(String type) {
        return frames.stream().filter(f -> type.equals(f.path("type").asString())).toList();
    }

    /** Waits for a frame matching {@code condition} and returns the first such frame. */
    public JsonNode await(Predicate<JsonNode> condition) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> frames.stream().filter(condition).findFirst().orElse(null), f -> f != null);
    }

    public JsonNode awaitType(String type) {
        return await(f -> type.equals(f.path("type").asString()));
    }

    /** Waits for a frame of {@code type} whose {@code data.<field>} equals {@code value}. */
    public JsonNode awaitData(String type, String field, String value) {
        return await(f -> type.equals(f.path("type").asString()) && value.equals(f.path("data").path(field).asString()));
    }

    /** Seqs of the message.create frames received for one conversation, in arrival order. */
    public List<Long> seqs(String conversationId) {
        return frames("message.create").stream().map(f -> f.get("data"))
                .filter(d -> conversationId.equals(d.get("conversationId").asString()))
                .map(d -> d.get("seq").asLong()).toList();
    }

    public CompletableFuture<Integer> closed() {
        return closed;
    }

    /** The reason of the server's close frame, or null before it came (or when the connection just dropped). */
    public String closeReason() {
        return closeReason;
    }

    public void pauseReading() {
        paused = true;
    }

    public void resumeReading() {
        paused = false;
        socket.request(Long.MAX_VALUE);
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                socket.abort();
            }
        }
    }

    public void abort() {
        socket.abort();
    }

    /** Drops the connection like a dead network would; frames not yet handed to the listener are never seen. */
    public void dropConnection() {
        frozen = true;
        socket.abort();
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket webSocket) {
                webSocket.request(1);
            }

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                if (frozen) {
                    return null;
                }
                partial.append(data);
                if (last) {
                    frames.add(Json.read(partial.toString()));
                    partial.setLength(0);
                }
                if (!paused) {
                    webSocket.request(1);
                }
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closeReason = reason;
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(-1);
            }
        };
    }
}
