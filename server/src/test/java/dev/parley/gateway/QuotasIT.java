package dev.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import dev.parley.support.ParleyNode;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.TestDirs;
import dev.parley.support.WsClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The gateway's quotas played against a node of its own with low limits (they would refuse other
 * tests' clients on a shared node): oversized resumes, one user opening session after session, one
 * address opening connection after connection, and connections that never finish their request.
 */
class QuotasIT {

    private static ParleyNode node;
    private static TestApi api;

    @BeforeAll
    static void start() {
        node = ParleyNode.start(TestDirs.fresh("quotas"), Map.of(
                "parley.limits.gateway.sessions-per-user", "2",
                "parley.limits.gateway.connections-per-address", "3",
                "parley.limits.gateway.handshake-timeout", "1s",
                "parley.limits.gateway.keep-alive-timeout", "1s",
                "parley.limits.gateway.resume-positions", "50"));
        api = node.api();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aResumeNamingMoreConversationsThanAllowedIsRefusedAndTheConnectionCarriesOn() {
        Account alice = api.register("resumer");
        try (WsClient ws = WsClient.connect(api.port(), alice.token())) {
            ws.send(Map.of("type", "resume", "positions", madeUp(51)));
            JsonNode error = ws.awaitType("error").get("data");
            assertThat(error.get("code").asString()).isEqualTo("invalid_field");
            assertThat(error.get("field").asString()).isEqualTo("positions");

            // Within the cap, made-up conversations are ignored: the resume completes with nothing to send.
            ws.send(Map.of("type", "resume", "positions", madeUp(50)));
            JsonNode done = ws.awaitType("resume.done").get("data");
            assertThat(done.get("messages").asInt()).isZero();
        }
    }

    @Test
    void oneUserOpeningSessionAfterSessionHasTheExtraOnesClosedWith4029() {
        Account bob = api.register("sessions");
        SessionRegistry sessions = node.bean(SessionRegistry.class);
        try (WsClient first = WsClient.connect(api.port(), bob.token());
             WsClient second = WsClient.connect(api.port(), bob.token())) {
            WsClient third = WsClient.connect(api.port(), bob.token());
            assertThat(third.closed()).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(4029);
            assertThat(sessions.sessionsOf(bob.id())).isEqualTo(2);

            first.close();
            Awaitility.await().until(() -> sessions.sessionsOf(bob.id()) == 1);
            try (WsClient again = WsClient.connect(api.port(), bob.token())) {
                Awaitility.await().until(() -> sessions.sessionsOf(bob.id()) == 2);
                assertThat(again.closed()).isNotDone();
            }
        }
    }

    @Test
    void oneAddressOpeningConnectionAfterConnectionIsRefusedWith429AndOtherAddressesAreNot() throws Exception {
        HttpClient from2 = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0.2")).build();
        List<WebSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(connect(from2, api.register("address-" + i)).join());
            }
            Account another = api.register("address-more");
            assertThat(connect(from2, another)).failsWithin(Duration.ofSeconds(10))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                            e -> assertThat(e.getResponse().statusCode()).isEqualTo(429));
            try (WsClient elsewhere = WsClient.connect(api.port(), another.token())) {
                assertThat(elsewhere.closed()).isNotDone();
            }

            open.removeFirst().sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
            Awaitility.await("a place comes free once a connection closes").ignoreExceptionsInstanceOf(CompletionException.class)
                    .until(() -> open.add(connect(from2, another).join()));
        } finally {
            open.forEach(WebSocket::abort);
        }
    }

    @Test
    void aConnectionDrippingItsRequestHeadIsClosedAfterTheHandshakeTimeout() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", api.port()));
            OutputStream out = socket.getOutputStream();
            out.write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            long opened = System.nanoTime();
            // One more header byte every 100 ms, never the blank line that ends the head.
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                try {
                    out.write('X');
                    out.flush();
                    return false;
                } catch (IOException closedByServer) {
                    return true;
                }
            });
            assertThat(System.nanoTime() - opened).as("not before the timeout").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(900));
        }
    }

    @Test
    void anUpgradeWithABadTokenIsRefusedAndItsConnectionDoesNotStayOpen() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", api.port()));
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /ws?token=not-a-token HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String answer = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 401");
            // Whatever else comes, the server closes the connection (keep-alive timeout, 1 s here) rather than keep it.
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int read = 0;
            while (read >= 0 && System.nanoTime() < end) {
                read = in.read();
            }
            assertThat(read).as("end of stream").isEqualTo(-1);
        }
    }

    private static Map<String, Long> madeUp(int count) {
        Map<String, Long> positions = new HashMap<>();
        for (int i = 0; i < count; i++) {
            positions.put("dm:made-up-" + i + ":" + java.util.UUID.randomUUID(), 5L);
        }
        return positions;
    }

    private static java.util.concurrent.CompletableFuture<WebSocket> connect(HttpClient client, Account account) {
        return client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + api.port() + "/ws?token=" + account.token()), new WebSocket.Listener() { });
    }
}
