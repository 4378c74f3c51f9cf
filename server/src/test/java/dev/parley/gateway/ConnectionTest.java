package dev.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.parley.accounts.AuthenticatedUser;
import dev.parley.conversations.MessageView;
import dev.parley.routing.Delivery;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One connection on an in-memory channel: live delivery, holding during a catch-up, going live, slow consumers. */
class ConnectionTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String A = "room:a", B = "room:b", C = "room:c";

    private final Client client = new Client(8, 65_536);
    private final Connection connection = client.connection;

    @AfterEach
    void closeChannel() {
        client.close();
    }

    @Test
    void liveDeliveriesGoOutInTheOrderTheyArrive() {
        deliver(A, 1, B, 2, A, 3);
        connection.deliver(typing(A));
        assertThat(client.events()).containsExactly("room:a#1", "room:b#2", "room:a#3", "typing");
    }

    @Test
    void whileHoldingMessagesWaitButEphemeralEventsGoOutAtOnce() {
        connection.hold();
        deliver(A, 5);
        connection.deliver(typing(A));
        deliver(A, 6);
        assertThat(client.events()).containsExactly("typing");

        assertThat(connection.goLive(Map.of(), Set.of())).isTrue();
        assertThat(client.events()).containsExactly("room:a#5", "room:a#6");
    }

    @Test
    void goingLiveSendsOnlyTheHeldEventsNewerThanWhatTheCatchUpSent() {
        connection.hold();
        deliver(A, 3, B, 1, A, 5, C, 0);

        assertThat(connection.goLive(Map.of(A, 4L, B, 1L), Set.of(A, B))).isTrue();
        assertThat(client.events()).containsExactly("room:a#5", "room:c#0");
    }

    @Test
    void afterGoingLiveCopiesAtOrBelowTheFloorAreDroppedAndTheFloorMovesWithLiveTraffic() {
        connection.hold();
        deliver(A, 5);
        assertThat(connection.goLive(Map.of(A, 4L, B, 7L), Set.of(A, B))).isTrue();
        assertThat(client.events()).containsExactly("room:a#5");

        deliver(A, 5, B, 6, B, 7); // routed late: the catch-up (or the release of held events) sent them
        assertThat(client.events()).isEmpty();
        deliver(B, 9, A, 6, C, 0);
        assertThat(client.events()).containsExactly("room:b#9", "room:a#6", "room:c#0");

        // Live routing is in seq order per conversation: an old seq is a second copy (a partition's new router
        // re-routing what its previous one had sent), dropped however it came.
        deliver(B, 9, A, 5, C, 0, C, 1);
        assertThat(client.events()).containsExactly("room:c#1");
    }

    @Test
    void holdingUpToHalfTheQueueBoundIsFineButOneMoreMakesGoingLiveFailAndDropsWhatWasHeld() {
        connection.hold();
        deliver(A, 0, A, 1, A, 2, A, 3); // half of outbound-queue-frames (8): releasing them cannot trip the bound
        assertThat(connection.goLive(Map.of(), Set.of())).isTrue();
        assertThat(client.events()).hasSize(4).endsWith("room:a#3");

        connection.hold();
        deliver(A, 8, A, 9, A, 10, A, 11, A, 12);
        assertThat(connection.goLive(Map.of(A, 7L), Set.of(A))).isFalse();
        assertThat(client.events()).isEmpty();

        // Still holding: the catch-up reads the dropped ones again and tries again.
        deliver(A, 17);
        assertThat(client.events()).isEmpty();
        assertThat(connection.goLive(Map.of(A, 16L), Set.of(A))).isTrue();
        assertThat(client.events()).containsExactly("room:a#17");
    }

    @Test
    void floorsAreKeptOnlyForConversationsTheCatchUpSentIn() {
        connection.hold();
        assertThat(connection.goLive(Map.of(A, 4L, B, 7L), Set.of(A))).isTrue();
        deliver(A, 4, B, 6);
        // A's copy at the floor is dropped; B had nothing sent, so nothing is filtered there (and nothing is kept for it).
        assertThat(client.events()).containsExactly("room:b#6");
    }

    @Test
    void aClientThatStopsReadingIsClosedWith4008OnceItsQueueIsFull() {
        client.channel.stopReading();
        deliver(A, 0, A, 1, A, 2, A, 3, A, 4, A, 5, A, 6, A, 7);
        client.events();
        assertThat(client.closes).isEmpty();

        deliver(A, 8, A, 9); // a ninth unread frame, and one after the close
        client.events();
        assertThat(client.closes).containsExactly(CloseCodes.SLOW_CONSUMER);
        assertThat(connection.isClosing()).isTrue();
        assertThat(client.meters.counter("parley.connections.closed", "reason", "slow_consumer").count()).isEqualTo(1);
        assertThat(client.meters.counter("parley.frames.out", "type", "message.create").count()).isEqualTo(8);

        // What was handed over before the close still reaches the client, nothing after it.
        client.channel.startReading();
        assertThat(client.events()).hasSize(8).endsWith("room:a#7");
    }

    @Test
    void aClientWithTooManyUnreadBytesIsClosedWith4008() {
        client.channel.stopReading();
        String large = "x".repeat(16 * 1024);
        for (int seq = 0; seq < 4; seq++) { // about 66 KB unread: the next frame is over outbound-buffer-bytes (64 KiB)
            connection.deliver(delivery(message(A, seq, large)));
        }
        client.events();
        assertThat(client.closes).isEmpty();

        connection.deliver(delivery(message(A, 4, large)));
        client.events();
        assertThat(client.closes).containsExactly(CloseCodes.SLOW_CONSUMER);
    }

    @Test
    void thereIsRoomForMoreOnlyOnceTheClientHasTakenMostOfItsBacklog() {
        client.channel.stopReading();
        deliver(A, 0, A, 1, A, 2);
        assertThat(connection.hasRoom()).isTrue();
        deliver(A, 3); // half of outbound-queue-frames unread
        assertThat(connection.hasRoom()).isFalse();

        client.channel.startReading();
        assertThat(connection.hasRoom()).isTrue();
        assertThat(client.events()).hasSize(4);
    }

    /** Delivers message events given as conversation, seq, conversation, seq, … */
    private void deliver(Object... conversationSeqPairs) {
        for (int i = 0; i < conversationSeqPairs.length; i += 2) {
            connection.deliver(delivery(message((String) conversationSeqPairs[i], (Integer) conversationSeqPairs[i + 1], "hi")));
        }
    }

    static MessageView message(String conversationId, long seq, String content) {
        return new MessageView("0-" + seq, UUID.randomUUID(), "c" + seq, UUID.randomUUID(), "bob", null, null,
                conversationId.substring(5), conversationId, seq, content, null, Instant.parse("2026-01-02T03:04:05Z"), null, null, null, List.of());
    }

    /** A message event as live routing hands it to sessions. */
    static Delivery delivery(MessageView message) {
        return Delivery.message(JSON.writeValueAsBytes(new Frames.Frame("message.create", message)), message.conversationId(), message.seq(),
                0, null);
    }

    static Delivery typing(String conversationId) {
        return Delivery.ephemeral("typing", JSON.writeValueAsBytes(new Frames.Frame("typing", Map.of("conversationId", conversationId))));
    }

    /** Frames in short: {@code conversation#seq} for a message, the type for anything else. */
    static List<String> events(List<JsonNode> frames) {
        return frames.stream().map(frame -> frame.get("type").asString().equals("message.create")
                ? frame.get("data").get("conversationId").asString() + "#" + frame.get("data").get("seq").asLong()
                : frame.get("type").asString()).toList();
    }

    /** A connection of alice's whose client sits behind an in-memory channel; its closes are recorded. */
    static final class Client implements AutoCloseable {

        final ClientChannel channel = new ClientChannel();
        final List<CloseStatus> closes = new CopyOnWriteArrayList<>();
        final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        final Connection connection;

        Client(int outboundQueueFrames, long outboundBufferBytes) {
            GatewaySettings settings = new GatewaySettings(65_536, outboundQueueFrames, outboundBufferBytes, Duration.ofSeconds(20), Duration.ofSeconds(60),
                    Duration.ofMillis(500));
            AuthenticatedUser alice = new AuthenticatedUser(UUID.randomUUID(), "alice", Instant.now().plusSeconds(3600), "jti-1");
            connection = new Connection(alice, recordingCloses(closes), JSON, settings, channel, new GatewayMetrics(meters, () -> 0, () -> 0),
                    dev.parley.tracing.MessageTracing.OFF, Dialect.NATIVE);
        }

        /** Runs what the event loop has queued, then reads all the client can (nothing while it does not read). */
        List<JsonNode> read() {
            channel.runPendingTasks();
            List<JsonNode> frames = new ArrayList<>();
            while (channel.reading && !channel.outboundMessages().isEmpty()) {
                for (Object frame; (frame = channel.readOutbound()) != null; ReferenceCountUtil.release(frame)) {
                    if (frame instanceof TextWebSocketFrame text) {
                        frames.add(JSON.readTree(text.text()));
                    }
                }
                channel.inSocket = 0;
                channel.flush(); // the socket takes more of the backlog
            }
            return frames;
        }

        List<String> events() {
            return ConnectionTest.events(read());
        }

        @Override
        public void close() {
            channel.socketBytes = Long.MAX_VALUE;
            channel.startReading(); // frames left unread would fail their writes on close
            channel.finishAndReleaseAll();
        }

        /** The connection only ever asks its session to close. */
        private static WebSocketSession recordingCloses(List<CloseStatus> closes) {
            return (WebSocketSession) Proxy.newProxyInstance(WebSocketSession.class.getClassLoader(), new Class<?>[] {WebSocketSession.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "close" -> {
                            closes.add(args == null ? CloseStatus.NORMAL : (CloseStatus) args[0]);
                            yield Mono.empty();
                        }
                        case "toString" -> "recording session";
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    /**
     * An in-memory channel with a client behind it. Its event loop keeps up with the writers: queued
     * tasks run whenever someone looks at the channel's outbound buffer (which is how the connection
     * measures its client's backlog). Its socket takes up to {@code socketBytes} until the client reads;
     * what it cannot take, or everything while the client does not read, stays in the outbound buffer.
     */
    static final class ClientChannel extends EmbeddedChannel {

        private boolean inLoop;
        private boolean reading = true;
        private long inSocket;
        long socketBytes = Long.MAX_VALUE;

        void stopReading() {
            reading = false;
        }

        void startReading() {
            reading = true;
            flush();
        }

        @Override
        public Unsafe unsafe() {
            if (isRegistered() && !inLoop) { // not while Netty's constructor asks, nor once the channel is closed
                inLoop = true;
                runPendingTasks(); // records, does not throw, what a task throws
                inLoop = false;
            }
            return super.unsafe();
        }

        @Override
        protected void doWrite(ChannelOutboundBuffer in) {
            Object frame;
            while (reading && inSocket < socketBytes && (frame = in.current()) != null) {
                inSocket += ((ByteBufHolder) frame).content().readableBytes();
                outboundMessages().add(ReferenceCountUtil.retain(frame));
                in.remove();
            }
        }
    }
}
