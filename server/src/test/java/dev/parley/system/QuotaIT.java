package dev.parley.system;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.newId;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import dev.parley.conversations.Conversations;
import dev.parley.support.Json;
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
 * Floods against a node with the shipped quotas (the other test nodes lift the send quota): every
 * refused frame or request is answered {@code rate_limited} with {@code retryAfterMs}, nothing
 * refused is stored or fanned out, and the node goes on serving everyone else.
 */
class QuotaIT {

    private static final int PER_SECOND = 20;
    private static final int BURST = 50;
    private static ParleyNode node;
    private static TestApi api;

    @BeforeAll
    static void start() {
        node = ParleyNode.start(TestDirs.fresh("quota"), Map.of(
                "parley.limits.messages-per-second", String.valueOf(PER_SECOND),
                "parley.limits.message-burst", String.valueOf(BURST)));
        api = node.api();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aFloodOfSendsOnOneConnectionIsAnsweredFrameByFrameAndOnlyTheAckedAreStored() {
        Account alice = api.register("flooder");
        Account bob = api.register("flooded");
        try (WsClient a = WsClient.connect(api.port(), alice.token())) {
            List<String> ids = IntStream.range(0, 5_000).mapToObj(i -> newId()).toList();
            long started = System.nanoTime();
            ids.forEach(id -> a.send(dm(id, bob.username(), "flood")));
            double seconds = (System.nanoTime() - started) / 1e9;

            Awaitility.await("an answer to every frame").atMost(Duration.ofSeconds(60))
                    .until(() -> a.frames("message.ack").size() + a.frames("error").size() >= ids.size());
            Set<String> acked = new HashSet<>();
            a.frames("message.ack").forEach(f -> assertThat(acked.add(f.get("data").get("clientMsgId").asString())).isTrue());
            Set<String> refused = new HashSet<>();
            int overloaded = 0;
            for (JsonNode error : a.frames("error")) {
                JsonNode data = error.get("data");
                // A send the quota let through may still meet a node busy answering the flood: refused too, never stored.
                if (data.get("code").asString().equals("overloaded")) {
                    overloaded++;
                    assertThat(data.get("retryAfterMs").asLong()).isPositive();
                } else {
                    assertThat(data.get("code").asString()).isEqualTo("rate_limited");
                    assertThat(data.get("retryAfterMs").asLong()).isBetween(1L, 1000L / PER_SECOND);
                }
                assertThat(refused.add(data.get("ref").asString())).isTrue();
            }
            System.out.printf("[QuotaIT] 5000 sends in %.2f s: %d acked, %d refused (%d overloaded)%n", seconds, acked.size(),
                    refused.size(), overloaded);
            assertThat(acked).doesNotContainAnyElementsOf(refused);
            Set<String> answered = new HashSet<>(acked);
            answered.addAll(refused);
            assertThat(answered).as("every frame answered once, with its clientMsgId").containsExactlyInAnyOrderElementsOf(ids);
            assertThat(acked.size()).as("the burst, then the rate for the %.2f s the flood took", seconds)
                    .isBetween(BURST - overloaded, BURST + (int) Math.ceil(PER_SECOND * (seconds + 1)));

            List<String> stored = history(Conversations.direct(alice.id(), bob.id()), bob.token());
            assertThat(stored).as("history holds the acked sends, once each, and nothing refused")
                    .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(acked);
        }
        assertThat(api.get("/health", null).status()).isEqualTo(200);
        Account carol = api.register("bystander");
        try (WsClient c = WsClient.connect(api.port(), carol.token())) {
            String id = newId();
            c.send(dm(id, bob.username(), "still here?"));
            assertThat(c.awaitData("message.ack", "clientMsgId", id)).isNotNull();
        }
    }

    @Test
    void aFloodOfRestSendsGets429WithRetryAfterAndNothingRefusedIsStored() {
        Account alice = api.register("restflood");
        Account bob = api.register("restflooded");
        HttpClient http = HttpClient.newHttpClient();
        Map<String, CompletableFuture<HttpResponse<String>>> answers = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 150; i++) {
            String id = newId();
            answers.put(id, http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/v1/messages"))
                    .header("Authorization", "Bearer " + alice.token()).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(dm(id, bob.username(), "rest flood")))).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Set<String> acked = new HashSet<>();
        Set<String> refused = new HashSet<>();
        answers.forEach((id, future) -> {
            HttpResponse<String> answer = future.join();
            if (answer.statusCode() == 202) {
                acked.add(id);
                return;
            }
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(429);
            JsonNode body = Json.read(answer.body());
            assertThat(body.get("code").asString()).isEqualTo("rate_limited");
            assertThat(body.get("retryAfterMs").asLong()).isPositive();
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
            refused.add(id);
        });
        assertThat(refused).as("past the burst of " + BURST).hasSizeGreaterThanOrEqualTo(150 - BURST - 2 * PER_SECOND);
        assertThat(history(Conversations.direct(alice.id(), bob.id()), alice.token())).containsExactlyInAnyOrderElementsOf(acked);
    }

    @Test
    void aLoopOfReadFramesReachesTheOtherMemberABoundedNumberOfTimes() {
        Account alice = api.register("writer");
        Account bob = api.register("reader");
        String conversation = Conversations.direct(alice.id(), bob.id());
        try (WsClient a = WsClient.connect(api.port(), alice.token());
             WsClient b = WsClient.connect(api.port(), bob.token())) {
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String id = newId();
                a.send(dm(id, bob.username(), "read me " + i));
                seqs.add(a.awaitData("message.ack", "clientMsgId", id).get("data").get("seq").asLong());
            }
            int reads = 0;
            long started = System.nanoTime();
            for (int round = 0; round < 10; round++) { // every position forward, then again and again (moving nothing)
                for (long seq : seqs.subList(0, seqs.size() - 1)) {
                    b.send(Map.of("type", "read", "conversationId", conversation, "seq", seq));
                    reads++;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            int sent = reads;
            Awaitility.await("the floods are answered").atMost(Duration.ofSeconds(30))
                    .until(() -> b.frames("error").size() >= sent - 20 - (int) Math.ceil(5 * (seconds + 5)));
            assertThat(b.frames("error")).allSatisfy(e -> {
                assertThat(e.get("data").get("code").asString()).isEqualTo("rate_limited");
                assertThat(e.get("data").get("retryAfterMs").asLong()).isBetween(1L, 200L);
            });
            // Receipts reach alice in order: once the last position's has, every earlier one has too.
            long last = seqs.getLast();
            Awaitility.await("the last position's receipt").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        b.send(Map.of("type", "read", "conversationId", conversation, "seq", last));
                        return a.frames("receipt").stream().anyMatch(r -> r.get("data").get("seq").asLong() == last);
                    });
            List<JsonNode> receipts = a.frames("receipt");
            System.out.printf("[QuotaIT] %d read frames in %.2f s: %d receipts%n", reads, seconds, receipts.size());
            assertThat(receipts).as("receipts for %d read frames, %d of them moving the position", reads, seqs.size())
                    .hasSizeBetween(2, 20 + (int) Math.ceil(5 * seconds) + 1);
            List<Long> receiptSeqs = receipts.stream().map(r -> r.get("data").get("seq").asLong()).toList();
            assertThat(receiptSeqs).as("only positions that moved").isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void aLoopOfTypingFramesIsRefusedWithWhenToTryAgain() {
        Account alice = api.register("typist");
        Account bob = api.register("watcher");
        try (WsClient a = WsClient.connect(api.port(), alice.token())) {
            for (int i = 0; i < 50; i++) {
                a.send(Map.of("type", "typing", "conversationId", Conversations.direct(alice.id(), bob.id())));
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> a.frames("error").size() >= 40);
            assertThat(a.frames("error")).allSatisfy(e -> {
                assertThat(e.get("data").get("code").asString()).isEqualTo("rate_limited");
                assertThat(e.get("data").get("retryAfterMs").asLong()).isBetween(1L, 1000L);
            });
        }
    }

    /** Every clientMsgId stored in the conversation, oldest first. */
    private static List<String> history(String conversationId, String token) {
        List<String> ids = new ArrayList<>();
        long after = -1;
        while (true) {
            TestApi.Response page = api.get("/api/v1/conversations/" + conversationId + "/messages?after=" + after + "&limit=200", token);
            assertThat(page.status()).as(String.valueOf(page.body())).isEqualTo(200);
            JsonNode messages = page.body().get("messages");
            if (messages.isEmpty()) {
                return ids;
            }
            for (JsonNode message : messages) {
                ids.add(message.get("clientMsgId").asString());
                after = Math.max(after, message.get("seq").asLong());
            }
        }
    }
}
