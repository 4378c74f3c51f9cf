package dev.parley.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.parley.support.Frames;
import dev.parley.support.Json;
import dev.parley.support.TestApi.Account;
import tools.jackson.databind.JsonNode;

/**
 * One client of {@link DrainIT}: a real WebSocket (the JDK's) that sends direct messages to its
 * partner continuously, at most {@value #WINDOW} unanswered at a time, and stops when it is told
 * the node is shutting down, as a well-behaved client would (it would reconnect elsewhere). Records every send, answer,
 * delivery and the close, with the time each was seen.
 */
final class DrainClient implements WebSocket.Listener {

    static final int WINDOW = 4;
    private static final long PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int index;
    private final Account account;
    private final Account partner;
    private final Map<String, Long> sent = new ConcurrentHashMap<>();
    private final Map<String, DrainIT.Ack> acks = new ConcurrentHashMap<>();
    private final Map<String, String> refusals = new ConcurrentHashMap<>();
    private final Map<String, Long> delivered = new ConcurrentHashMap<>();
    private final Semaphore window = new Semaphore(WINDOW);
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;
    private volatile boolean sending;
    private volatile boolean ended;
    private volatile int closeCode;
    private volatile String closeReason;
    private volatile long closedAt;

    private DrainClient(int index, Account account, Account partner) {
        this.index = index;
        this.account = account;
        this.partner = partner;
    }

    static DrainClient connect(int port, int index, Account account, Account partner) throws Exception {
        DrainClient client = new DrainClient(index, account, partner);
        client.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?token=" + account.token()), client).get(10, TimeUnit.SECONDS);
        return client;
    }

    void startSending() {
        sending = true;
        Thread.ofPlatform().daemon().name("drain-client-" + index).start(this::sendContinuously);
    }

    void stopSending() {
        sending = false;
    }

    private void sendContinuously() {
        for (int n = 0; sending && !ended && !refusals.containsValue(Draining.CODE); n++) {
            try {
                while (!window.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                    if (!sending || ended) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
            String id = "drain-" + index + "-" + n;
            sent.put(id, System.nanoTime());
            try {
                socket.sendText(Json.write(Frames.dm(id, partner.username(), "drain " + index + " " + n)), true).join();
            } catch (RuntimeException e) {
                sent.remove(id); // the output is closed (the close handshake is under way): never on the wire
                return;
            }
            LockSupport.parkNanos(PACE_NANOS);
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            JsonNode frame = Json.read(partial.toString());
            partial.setLength(0);
            onFrame(frame, System.nanoTime());
        }
        webSocket.request(1);
        return null;
    }

    private void onFrame(JsonNode frame, long now) {
        JsonNode data = frame.path("data");
        switch (frame.path("type").asString()) {
            case "message.ack" -> {
                acks.put(data.get("clientMsgId").asString(), new DrainIT.Ack(data.get("serverMsgId").asString(), now));
                window.release();
            }
            case "error" -> {
                refusals.put(data.get("ref").asString(), data.get("code").asString());
                window.release();
            }
            case "message.create" -> delivered.put(data.get("serverMsgId").asString(), now);
            default -> { }
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode = statusCode;
        closeReason = reason;
        closedAt = System.nanoTime();
        ended = true;
        return null; // the JDK client answers the close at once
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode = -1;
        closedAt = System.nanoTime();
        ended = true;
    }

    int index() {
        return index;
    }

    Account account() {
        return account;
    }

    boolean ended() {
        return ended;
    }

    int closeCode() {
        return closeCode;
    }

    String closeReason() {
        return closeReason;
    }

    long closedAt() {
        return closedAt;
    }

    Map<String, Long> sent() {
        return sent;
    }

    Map<String, DrainIT.Ack> acks() {
        return acks;
    }

    /** clientMsgId → error code. */
    Map<String, String> refusals() {
        return refusals;
    }

    List<String> unanswered() {
        return sent.keySet().stream().filter(id -> !acks.containsKey(id) && !refusals.containsKey(id)).sorted().toList();
    }

    List<String> unansweredSentBefore(long nanos) {
        return unanswered().stream().filter(id -> sent.get(id) < nanos).toList();
    }

    boolean deliveredBefore(String serverMsgId, long nanos) {
        Long at = delivered.get(serverMsgId);
        return at != null && at < nanos;
    }

    /** As the server derives it from (sender, clientMsgId): what an unanswered send would be stored as. */
    String serverMsgId(String clientMsgId) {
        return UUID.nameUUIDFromBytes((account.id() + "/" + clientMsgId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    String conversationId() {
        String a = account.id().toString();
        String b = partner.id().toString();
        return a.compareTo(b) < 0 ? "dm:" + a + ":" + b : "dm:" + b + ":" + a;
    }
}
