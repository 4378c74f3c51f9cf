package dev.parley.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class RecentSendsTest {

    private final RecentSends recent = new RecentSends(Duration.ofMinutes(10), 100);
    private final UUID id = UUID.randomUUID();
    private final MessageAck ack = new MessageAck("c-1", id, "dm:a:b", 17, Instant.now());

    @Test
    void aCallerThatCancelsItsWaitLeavesTheAckForEveryRetry() {
        CompletableFuture<MessageAck> shared = new CompletableFuture<>();
        assertThat(recent.claim(id, shared)).isNull();
        CompletableFuture<MessageAck> retry = recent.find(id);
        // What a REST client hanging up does to its wait.
        Mono.fromFuture(retry).subscribe().dispose();
        assertThat(retry).isCancelled();
        assertThat(shared).isNotDone();

        shared.complete(ack);
        assertThat(recent.find(id)).isCompletedWithValue(ack);
        assertThat(recent.claim(id, new CompletableFuture<>())).as("a racing send gets the first one's ack").isCompletedWithValue(ack);
    }

    @Test
    void aSendThatFailedOrWasCancelledIsNoAnswerForARetry() {
        CompletableFuture<MessageAck> cancelled = new CompletableFuture<>();
        recent.claim(id, cancelled);
        cancelled.cancel(false);
        assertThat(recent.find(id)).isNull();
        CompletableFuture<MessageAck> failed = new CompletableFuture<>();
        assertThat(recent.claim(id, failed)).as("the retry writes again").isNull();

        failed.completeExceptionally(new IllegalStateException("log down"));
        assertThat(recent.find(id)).isNull();
        assertThat(recent.claim(id, new CompletableFuture<>())).isNull();
    }

    @Test
    void aFailureThatIsReportedGivesTheSlotBack() {
        CompletableFuture<MessageAck> mine = new CompletableFuture<>();
        recent.claim(id, mine);
        recent.failed(id, mine);
        assertThat(recent.find(id)).isNull();
    }
}
