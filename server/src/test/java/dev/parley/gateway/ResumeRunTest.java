package dev.parley.gateway;

import static dev.parley.gateway.ConnectionTest.A;
import static dev.parley.gateway.ConnectionTest.B;
import static dev.parley.gateway.ConnectionTest.C;
import static dev.parley.gateway.ConnectionTest.delivery;
import static dev.parley.gateway.ConnectionTest.events;
import static dev.parley.gateway.ConnectionTest.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

import dev.parley.conversations.ConversationEvent;
import dev.parley.conversations.MessageView;
import dev.parley.conversations.ResumeSource;
import dev.parley.conversations.ResumeTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.JsonNode;

/** Catch-up rounds against an in-memory log, with live traffic racing them. */
class ResumeRunTest {

    private static final String D = "room:d";

    private final InMemoryLog log = new InMemoryLog();
    private ConnectionTest.Client client = new ConnectionTest.Client(512, 1 << 20);

    @AfterEach
    void closeChannel() {
        client.close();
    }

    @Test
    void sendsWhatTheClientMissedAfterItsPositionsThenResumeDoneWithCountAndReadPositions() {
        for (int i = 0; i < 10; i++) { // one partition: a gets seqs 0, 4, 8, …, b 1, 5, 9, …
            Stream.of(A, B, C, D).forEach(id -> log.append(id, 1));
        }
        log.archivedUpTo = 24; // the rest is only in the log
        log.readSeqs.putAll(Map.of(B, 9L, D, 31L));

        // a: named by the client; b: not named, after the read position; c: neither, from the beginning;
        // d: named below its read position, in the part only the log has; the client's position wins.
        List<JsonNode> frames = resume(Map.of(A, 12L, D, 27L));

        List<String> missed = thenDone(log.after(A, 12), log.after(B, 9), log.after(C, -1), log.after(D, 27));
        assertThat(events(frames)).containsExactlyElementsOf(missed).hasSize(6 + 7 + 10 + 3 + 1);
        JsonNode done = frames.getLast().get("data");
        assertThat(done.get("messages").asInt()).isEqualTo(missed.size() - 1);
        assertThat(done.get("readPositions").properties()).extracting(e -> e.getKey() + "=" + e.getValue().asLong())
                .containsExactly("room:b=9", "room:d=31");
    }

    @Test
    void pagesThroughAnArchiveLargerThanAPage() {
        log.append(A, 260);
        log.archiveAll();
        log.append(A, 130);

        List<JsonNode> frames = resume(Map.of(A, 9L));

        assertThat(events(frames)).containsExactlyElementsOf(thenDone(log.after(A, 9)));
        assertThat(log.archiveReadsAfter).containsExactly(9L, 109L, 209L); // pages of 100, 100 and 50
        assertThat(frames.getLast().get("data").get("messages").asInt()).isEqualTo(380);
    }

    @Test
    void liveEventsDuringTheCatchUpGoOutOnceAndTheNewerOnesFollowInOrder() {
        log.append(A, 5);
        log.archiveAll();
        log.append(A, 2);
        log.beforeCut = round -> live(A, 2); // 7, 8: held, and in the catch-up's cut as well
        log.onArchiveRead = read -> { // 9, 10 and a new conversation: routed after the cut, held only
            live(A, 2);
            live(B, 1);
        };

        List<JsonNode> frames = resume(Map.of());

        assertThat(events(frames)).containsExactlyElementsOf(thenDone(log.after(A, -1), log.after(B, -1)));
    }

    @Test
    void aMessageOfTheCatchUpRoutedOnlyAfterItWentLiveIsNotSentTwice() {
        log.append(A, 3);
        log.archiveAll();
        List<MessageView> routedLate = new ArrayList<>();
        log.beforeCut = round -> routedLate.addAll(log.append(A, 2)); // in the log, routing lags behind

        assertThat(events(resume(Map.of()))).containsExactly("room:a#0", "room:a#1", "room:a#2", "room:a#3", "room:a#4", "resume.done");

        routedLate.forEach(message -> client.connection.deliver(delivery(message)));
        live(A, 1);
        assertThat(client.events()).containsExactly("room:a#5");
    }

    @Test
    void whenLiveTrafficOverflowsTheHoldAnotherRoundEndsWithEverythingExactlyOnce() {
        queueFrames(8);
        log.append(A, 3);
        log.archiveAll();
        log.onArchiveRead = read -> live(A, read == 1 ? 9 : 1); // first more than the connection may hold, then one
        log.beforeCut = round -> log.archiveAll();

        List<JsonNode> frames = resume(Map.of());

        assertThat(log.rounds).isEqualTo(2);
        assertThat(events(frames)).containsExactlyElementsOf(thenDone(log.after(A, -1))).hasSize(14);
    }

    @Test
    void afterTenOverflowingRoundsTheConnectionIsClosedWith4009() {
        queueFrames(8);
        log.append(A, 1);
        log.archiveAll();
        log.beforeCut = round -> live(A, 9);

        List<String> events = events(resume(Map.of()));

        assertThat(log.rounds).isEqualTo(ResumeRun.MAX_ROUNDS);
        assertThat(events).doesNotContain("resume.done");
        assertThat(client.closes).containsExactly(CloseCodes.RESUME_FAILED);
        assertThat(client.connection.startResume()).as("the resume slot is free again").isTrue();
    }

    @Test
    void theNextPageIsReadOnlyOnceTheClientHasTakenMostOfThePreviousOne() {
        queueFrames(128);
        log.append(A, 250);
        log.archiveAll();
        client.channel.stopReading();

        StepVerifier.withVirtualTime(() -> startResume(Map.of()))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(10))
                .then(() -> assertThat(log.archiveReadsAfter).containsExactly(-1L)) // 100 unread, over half of 128
                .then(client.channel::startReading)
                .thenAwait(Duration.ofSeconds(1))
                .verifyComplete();

        assertThat(log.archiveReadsAfter).containsExactly(-1L, 99L, 199L);
        assertThat(client.events()).containsExactlyElementsOf(thenDone(log.after(A, -1)));
    }

    @Test
    void aClientThatDoesNotReadItsCatchUpForThirtySecondsIsClosedWith4009() {
        log.append(A, 600);
        log.archiveAll();
        client.channel.stopReading();

        StepVerifier.withVirtualTime(() -> startResume(Map.of()))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(29))
                .then(() -> assertThat(client.connection.isClosing()).isFalse())
                .thenAwait(Duration.ofSeconds(2))
                .verifyComplete();

        client.read();
        assertThat(client.closes).containsExactly(CloseCodes.RESUME_FAILED);
    }

    /**
     * docs/architecture.md: pages are paced "so a large backlog never trips the slow-consumer limit".
     * A client whose socket takes 256 KiB at a time and which reads everything every 20 ms is cut off
     * in its first page: 100 messages of the largest allowed content (16 KiB) are 1.6 MiB, over the
     * default outbound-buffer-bytes (1 MiB), and a page is handed over at once.
     */
    @Test
    void aBacklogOfLargeMessagesDoesNotTripTheSlowConsumerLimit() {
        log.content = "x".repeat(16 * 1024);
        log.append(A, 150);
        log.archiveAll();
        client.channel.socketBytes = 256 * 1024;

        List<JsonNode> frames = new ArrayList<>();
        VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
        try {
            var run = startResume(Map.of()).toFuture();
            for (int poll = 0; poll < 1_000 && !run.isDone(); poll++) {
                frames.addAll(client.read());
                time.advanceTimeBy(Duration.ofMillis(20));
            }
            frames.addAll(client.read());
        } finally {
            VirtualTimeScheduler.reset();
        }

        assertThat(client.closes).isEmpty();
        assertThat(events(frames)).containsExactlyElementsOf(thenDone(log.after(A, -1)));
    }

    @Test
    void positionsOfConversationsTheUserIsNotInAreNotKept() {
        log.append(A, 3);
        log.archiveAll();
        Map<String, Long> positions = new HashMap<>(Map.of(A, 0L));
        for (int i = 0; i < 500; i++) {
            positions.put("dm:made-up-" + i, 5L);
        }
        assertThat(client.connection.startResume()).isTrue();
        client.connection.hold();
        ResumeRun run = new ResumeRun(client.connection, log, positions, GatewayMetrics.unregistered());
        run.run().block(Duration.ofSeconds(5));

        assertThat(run.positionsKept()).doesNotContain("dm:made-up-0").contains(A).allMatch(id -> !id.startsWith("dm:made-up-"));
        assertThat(events(client.read())).containsExactlyElementsOf(thenDone(log.after(A, 0)));
    }

    /** Runs a resume as ResumeHandler starts it (the source answers at once) and returns what the client read. */
    private List<JsonNode> resume(Map<String, Long> positions) {
        startResume(positions).block(Duration.ofSeconds(5));
        return client.read();
    }

    private Mono<Void> startResume(Map<String, Long> positions) {
        assertThat(client.connection.startResume()).isTrue();
        client.connection.hold();
        return new ResumeRun(client.connection, log, positions, GatewayMetrics.unregistered()).run();
    }

    private void queueFrames(int outboundQueueFrames) {
        client.close();
        client = new ConnectionTest.Client(outboundQueueFrames, 1 << 20);
    }

    /** Messages committed to the log and routed live to the connection. */
    private void live(String conversationId, int count) {
        log.append(conversationId, count).forEach(message -> client.connection.deliver(delivery(message)));
    }

    /** The parts' events in order, then resume.done. */
    @SafeVarargs
    private static List<String> thenDone(List<String>... parts) {
        return Stream.concat(Stream.of(parts).flatMap(List::stream), Stream.of("resume.done")).toList();
    }

    /**
     * The user's conversations in one log partition: seqs are its offsets, shared by all of them; the
     * archive holds those below {@code archivedUpTo}. Hooks let live traffic race the catch-up.
     */
    private static final class InMemoryLog implements ResumeSource {

        final Map<String, NavigableMap<Long, MessageView>> conversations = new LinkedHashMap<>();
        final Map<String, Long> readSeqs = new HashMap<>();
        final List<Long> archiveReadsAfter = new ArrayList<>();
        long nextSeq;
        long archivedUpTo;
        int rounds;
        String content = "hi";
        /** Runs before each round's cut is taken, with the round's number. */
        IntConsumer beforeCut = round -> { };
        /** Runs on each archive read, with its number. */
        IntConsumer onArchiveRead = read -> { };

        List<MessageView> append(String conversationId, int count) {
            List<MessageView> appended = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                MessageView message = message(conversationId, nextSeq++, content);
                conversations.computeIfAbsent(conversationId, id -> new TreeMap<>()).put(message.seq(), message);
                appended.add(message);
            }
            return appended;
        }

        void archiveAll() {
            archivedUpTo = nextSeq;
        }

        /** The events a client should get for a conversation it has up to {@code seq}. */
        List<String> after(String conversationId, long seq) {
            return conversations.get(conversationId).tailMap(seq, false).values().stream()
                    .map(m -> m.conversationId() + "#" + m.seq()).toList();
        }

        @Override
        public Mono<CatchUp> catchUp(UUID user) {
            return Mono.fromSupplier(() -> {
                beforeCut.accept(++rounds);
                List<ResumeTarget> targets = new ArrayList<>();
                Map<String, List<ConversationEvent>> unarchived = new HashMap<>();
                conversations.forEach((id, messages) -> {
                    NavigableMap<Long, MessageView> archived = messages.headMap(archivedUpTo, false);
                    targets.add(new ResumeTarget(id, archived.isEmpty() ? -1 : archived.lastKey(), archivedUpTo, readSeqs.get(id)));
                    unarchived.put(id, messages.tailMap(archivedUpTo, true).values().stream().map(ConversationEvent::created).toList());
                });
                return new CatchUp(targets, unarchived);
            });
        }

        @Override
        public Mono<List<ConversationEvent>> archived(String conversationId, long after, long before, int limit,
                                                      Map<UUID, java.time.Instant> deletedBeyond) {
            return Mono.fromSupplier(() -> {
                archiveReadsAfter.add(after);
                onArchiveRead.accept(archiveReadsAfter.size());
                return conversations.get(conversationId).subMap(after, false, before, false).values().stream().limit(limit)
                        .map(ConversationEvent::created).toList();
            });
        }
    }
}
