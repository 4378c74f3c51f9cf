package dev.parley.messaging;

import static dev.parley.support.Frames.dm;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.parley.conversations.Conversations;
import dev.parley.support.Json;
import dev.parley.support.SharedNode;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.WsClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 12, hostile clients: a REST client that hangs up before its {@code 202} must not spoil the
 * send for its retries. The ack future of a send is shared by every retry of it; the hang-up used
 * to cancel it, and every retry of that clientMsgId then got a 500 for ten minutes although the
 * message was stored.
 */
class HungUpSendIT {

    private static final int ATTACKS = 24;

    private final TestApi api = SharedNode.get().api();

    @Test
    void aClientThatHangsUpBeforeTheAnswerLeavesTheSendForItsRetries() throws Exception {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        // The hang-up has to land while the send is in flight: spread the attacks over a normal send's time.
        long start = System.nanoTime();
        assertThat(api.post("/api/v1/messages", Map.of("clientMsgId", "warm-up", "to", bob.username(), "content", "hi"), alice.token())
                .status()).isEqualTo(202);
        long sendNanos = Math.max(System.nanoTime() - start, TimeUnit.MILLISECONDS.toNanos(2));

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ATTACKS; i++) {
            String id = "hung-up-" + i;
            ids.add(id);
            sendAndHangUp(alice, bob.username(), id, sendNanos * i / ATTACKS);
        }

        try (WsClient a = WsClient.connect(api.port(), alice.token())) {
            for (String id : ids) {
                String serverMsgId = MessageSender.serverMsgId(alice.id(), id).toString();
                TestApi.Response retry = api.post("/api/v1/messages", Map.of("clientMsgId", id, "to", bob.username(), "content", id),
                        alice.token());
                assertThat(retry.status()).as(id + ": " + retry.body()).isEqualTo(202);
                assertThat(retry.body().get("serverMsgId").asString()).isEqualTo(serverMsgId);

                a.send(dm(id, bob.username(), id));
                JsonNode ack = a.awaitData("message.ack", "clientMsgId", id).get("data");
                assertThat(ack.get("serverMsgId").asString()).isEqualTo(serverMsgId);
                assertThat(ack.get("seq").asLong()).isEqualTo(retry.body().get("seq").asLong());
            }
            assertThat(a.frames("error")).isEmpty();
        }

        String conversation = Conversations.direct(alice.id(), bob.id());
        // History is read from the archive, which may lag the log by a batch.
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(clientMsgIds(conversation, alice))
                .containsAll(ids));
        assertThat(clientMsgIds(conversation, alice)).as("each message stored once").doesNotHaveDuplicates().hasSize(ATTACKS + 1);
    }

    /** Writes the whole request, waits {@code delayNanos} and resets the connection, without reading the answer. */
    private void sendAndHangUp(Account sender, String to, String clientMsgId, long delayNanos) throws IOException {
        byte[] body = Json.write(Map.of("clientMsgId", clientMsgId, "to", to, "content", clientMsgId)).getBytes(StandardCharsets.UTF_8);
        String head = "POST /api/v1/messages HTTP/1.1\r\nHost: 127.0.0.1:" + api.port() + "\r\nAuthorization: Bearer " + sender.token()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            LockSupport.parkNanos(delayNanos); // the attack's timing, not a wait for a condition
            socket.setSoLinger(true, 0); // close with a reset, as a client that vanished
        }
    }

    private List<String> clientMsgIds(String conversation, Account reader) {
        JsonNode page = api.get("/api/v1/conversations/" + conversation + "/messages?limit=200", reader.token()).body();
        List<String> ids = new ArrayList<>();
        page.get("messages").forEach(m -> ids.add(m.get("clientMsgId").asString()));
        return ids;
    }
}
