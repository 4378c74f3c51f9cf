package dev.parley.conversations;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.newId;
import static dev.parley.support.Frames.toRoom;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.parley.support.ParleyNode;
import dev.parley.support.SharedNode;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.WsClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A sender writes continuously to a direct conversation and a room while the recipient drops its
 * connection again and again (also in the middle of a catch-up) and resumes each time from what it
 * had received. Per conversation, what it received over all its connections must be exactly what
 * was acked: in order, nothing missing, nothing twice.
 */
class ResumeUnderChurnIT {

    private static final int MESSAGES = 400;

    @Test
    void aClientThatKeepsReconnectingReceivesEveryMessageExactlyOnceInOrder() throws Exception {
        churn(SharedNode.get(), false);
    }

    /** The archive cannot write while this runs: every resume reads the messages beyond it from the log. */
    @Test
    void resumeIsGaplessWhileTheArchiveIsHeldBack() throws Exception {
        churn(SharedNode.get(), true);
    }

    @Test
    void resumeIsGaplessWhileThePostgresArchiveIsHeldBack() throws Exception {
        try (ParleyNode node = ParleyNode.onPostgres("churn")) {
            churn(node, true);
        }
    }

    private static void churn(ParleyNode node, boolean holdArchiveBack) throws Exception {
        TestApi api = node.api();
        // A test before may have left the archive catching up (sends are refused past its lag bound).
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                api.get("/health", null).body().get("components").get("archive").get("lagMessages").asLong() == 0);
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        String room = TestApi.uniqueName("churn");
        String dmId = Conversations.direct(alice.id(), bob.id());
        Map<String, Long> positions = new HashMap<>();
        Map<String, List<Long>> received = new HashMap<>(Map.of(dmId, new ArrayList<>()));

        try (WsClient sender = WsClient.connect(api.port(), alice.token())) {
            String roomId = HistoryContract.join(sender, room);
            try (WsClient first = WsClient.connect(api.port(), bob.token())) {
                HistoryContract.join(first, room);
            }
            received.put(roomId, new ArrayList<>());
            ArchiveBrake brake = holdArchiveBack ? ArchiveBrake.engage(node, sender, bob, room, List.of(dmId, roomId)) : null;
            ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
            AtomicInteger sent = new AtomicInteger();
            pace.scheduleAtFixedRate(() -> {
                int i = sent.getAndIncrement();
                if (i < MESSAGES) {
                    sender.send(i % 2 == 0 ? dm(newId(), bob.username(), "dm " + i) : toRoom(newId(), room, "room " + i));
                }
            }, 0, 5, TimeUnit.MILLISECONDS);

            try {
                int connections = 0;
                while (sent.get() < MESSAGES || connections < 6) {
                    connections++;
                    WsClient bobNow = WsClient.connectResuming(api.port(), bob.token());
                    bobNow.send(Map.of("type", "resume", "positions", positions));
                    int wanted = 1 + connections % 40;
                    // Drop it after a few messages: sometimes mid catch-up, sometimes while live.
                    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> bobNow.frames("message.create").size() >= wanted
                            || (sent.get() >= MESSAGES && !bobNow.frames("resume.done").isEmpty()));
                    bobNow.dropConnection();
                    record(bobNow, positions, received);
                }
                int expected = MESSAGES + (brake == null ? 0 : ArchiveBrake.MESSAGES_BEFORE);
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sender.frames("message.ack").size() >= expected);
                assertThat(sender.frames("message.ack")).hasSize(expected);
                assertThat(sender.frames("error")).isEmpty();
                if (brake != null) {
                    // It really lagged: the catch-ups above read what they sent beyond the archive from the log.
                    assertThat(api.get("/health", null).body().get("components").get("archive").get("lagMessages").asLong())
                            .isGreaterThan(0);
                    // History over REST reads beyond the archive too: its newest page is the newest acked messages.
                    List<Long> ackedDm = sender.frames("message.ack").stream().map(f -> f.get("data"))
                            .filter(d -> d.get("conversationId").asString().equals(dmId)).map(d -> d.get("seq").asLong()).sorted().toList();
                    List<Long> page = api.get("/api/v1/conversations/" + dmId + "/messages?limit=50", bob.token()).body()
                            .get("messages").valueStream().map(m -> m.get("seq").asLong()).toList();
                    assertThat(page).containsExactlyElementsOf(ackedDm.subList(ackedDm.size() - 50, ackedDm.size()));
                    try (WsClient whileHeld = WsClient.connectResuming(api.port(), bob.token())) {
                        whileHeld.send(Map.of("type", "resume", "positions", positions));
                        whileHeld.awaitType("resume.done");
                        record(whileHeld, positions, received);
                    }
                    brake.release();
                }

                try (WsClient last = WsClient.connectResuming(api.port(), bob.token())) {
                    last.send(Map.of("type", "resume", "positions", positions));
                    last.awaitType("resume.done");
                    record(last, positions, received);
                }
                Map<String, List<Long>> acked = new HashMap<>();
                sender.frames("message.ack").forEach(f -> acked.computeIfAbsent(f.get("data").get("conversationId").asString(),
                        k -> new ArrayList<>()).add(f.get("data").get("seq").asLong()));
                acked.values().forEach(list -> list.sort(Long::compare));
                assertThat(received.get(dmId)).containsExactlyElementsOf(acked.get(dmId));
                assertThat(received.get(roomId)).containsExactlyElementsOf(acked.get(roomId));
            } finally {
                pace.shutdownNow();
                if (brake != null) {
                    brake.release();
                }
            }
        }
    }

    /** Checks one connection's stream and appends it: each conversation continues right after the position it resumed from. */
    private static void record(WsClient connection, Map<String, Long> positions, Map<String, List<Long>> received) {
        for (Map.Entry<String, List<Long>> conversation : received.entrySet()) {
            List<Long> seqs = connection.seqs(conversation.getKey());
            long from = positions.getOrDefault(conversation.getKey(), -1L);
            assertThat(seqs).as("seqs after %s in %s", from, conversation.getKey()).isSorted().doesNotHaveDuplicates()
                    .allMatch(seq -> seq > from);
            conversation.getValue().addAll(seqs);
            if (!seqs.isEmpty()) {
                positions.put(conversation.getKey(), seqs.getLast());
            }
        }
    }
}
