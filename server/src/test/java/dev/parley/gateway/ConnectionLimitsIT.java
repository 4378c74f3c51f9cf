package dev.parley.gateway;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.newId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.parley.support.ParleyNode;
import dev.parley.support.RawWebSocket;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.TestDirs;
import dev.parley.support.WsClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Slow readers, silent clients and healthy idle clients, on a node with small limits to make them quick to reach. */
class ConnectionLimitsIT {

    private static ParleyNode node;
    private static TestApi api;

    @BeforeAll
    static void start() {
        node = ParleyNode.start(TestDirs.fresh("limits"), Map.of(
                "parley.gateway.outbound-queue-frames", "16",
                "parley.gateway.outbound-buffer-bytes", "65536",
                "parley.gateway.ping-interval", "300ms",
                "parley.gateway.idle-timeout", "1500ms"));
        api = node.api();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedAndOthersCarryOn() throws Exception {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        SessionRegistry sessions = node.bean(SessionRegistry.class);
        Counter slowConsumerCloses = node.bean(MeterRegistry.class).get("parley.connections.closed").tag("reason", "slow_consumer").counter();
        double closedBefore = slowConsumerCloses.count();
        try (WsClient sender = WsClient.connect(api.port(), alice.token());
             RawWebSocket stalled = RawWebSocket.connect(api.port(), bob.token(), 16 * 1024);
             WsClient healthy = WsClient.connect(api.port(), bob.token())) {
            Awaitility.await().until(() -> sessions.sessionsOf(bob.id()) == 2);

            String big = "x".repeat(16 * 1024);
            List<String> ids = new ArrayList<>();
            // Enough to fill the stalled client's socket buffers and then its 16-frame queue. The sender goes in steps
            // of 10 that the healthy session has received, so it never runs far ahead of delivery on a slow machine.
            for (int i = 0; i < 2_000 && sessions.sessionsOf(bob.id()) == 2; i++) {
                String id = newId();
                ids.add(id);
                sender.send(dm(id, bob.username(), big));
                stalled.sendText("{\"type\":\"ping\"}"); // it still writes, so it is not idle: only its reading stalls
                if (i % 10 == 9) {
                    healthy.awaitData("message.create", "clientMsgId", id);
                }
            }

            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sessions.sessionsOf(bob.id()) == 1);
            // The healthy session got everything the stalled one could not take.
            healthy.awaitData("message.create", "clientMsgId", ids.getLast());
            assertThat(healthy.frames("message.create")).hasSize(ids.size());
            // The server closed it with 4008 (counted when the close is decided, whether or not the frame gets through).
            assertThat(slowConsumerCloses.count() - closedBefore).isEqualTo(1);
            // Once it reads again, the stalled client finds its connection ended: with the 4008 close frame, or, as
            // docs/protocol.md allows for a client that does not read, dropped without one (read() gives null).
            RawWebSocket.Frame frame;
            while ((frame = stalled.read()) != null && frame.opcode() != RawWebSocket.CLOSE) {
                // drain what was written before the disconnect
            }
            assertThat(frame == null ? "dropped" : "close " + frame.closeCode()).isIn("dropped", "close 4008");
            sender.send(Map.of("type", "ping"));
            sender.awaitType("pong");
        }
    }

    @Test
    void aClientThatNeverAnswersPingsIsClosedWith4000() throws Exception {
        Account carol = api.register("carol");
        try (RawWebSocket silent = RawWebSocket.connect(api.port(), carol.token())) {
            int pings = 0;
            RawWebSocket.Frame frame;
            while ((frame = silent.read()) != null && frame.opcode() == RawWebSocket.PING) {
                pings++;
            }
            assertThat(pings).isGreaterThanOrEqualTo(2);
            assertThat(frame).isNotNull();
            assertThat(frame.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(frame.closeCode()).isEqualTo(4000);
        }
    }

    @Test
    void aQuietClientThatAnswersPingsStaysConnected() {
        Account dave = api.register("dave");
        SessionRegistry sessions = node.bean(SessionRegistry.class);
        try (WsClient quiet = WsClient.connect(api.port(), dave.token())) {
            Awaitility.await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                    .until(() -> !quiet.closed().isDone() && sessions.sessionsOf(dave.id()) == 1);
        }
    }
}
