package dev.parley.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class LogTailTest {

    private final LogTail tail = new LogTail(2, 10_000, 1_000);

    private static LoggedMessage message(int partition, long offset, UUID id) {
        LogRecord record = new LogRecord(LogRecord.VERSION, id, "c" + offset, "dm:x", UUID.randomUUID(), "alice", null, null, null,
                "hi", null, Instant.now(), null);
        return new LoggedMessage(record, new LogPosition(partition, offset));
    }

    @Test
    void aSecondCopyOfAnIdIsNeitherKeptNorToBeRouted() {
        tail.startAt(0, 0, 0);
        UUID id = UUID.randomUUID();
        assertThat(tail.append(message(0, 0, id))).isTrue();
        assertThat(tail.append(message(0, 1, id))).isFalse();
        assertThat(tail.since(0, 0)).hasValueSatisfying(list -> assertThat(list).extracting(LoggedMessage::seq).containsExactly(0L));
        assertThat(tail.firstCopy(id)).hasValueSatisfying(seen -> assertThat(seen.seq()).isZero());
        assertThat(tail.next(0)).isEqualTo(2);
    }

    @Test
    void readsFromAnOffsetUntilTheArchiveTrimsPastTheMargin() {
        tail.startAt(0, 100, 100);
        for (long offset = 100; offset < 100 + LogTail.MARGIN + 500; offset++) {
            tail.append(message(0, offset, UUID.randomUUID()));
        }
        assertThat(tail.since(0, 150)).hasValueSatisfying(list -> assertThat(list.getFirst().seq()).isEqualTo(150));
        assertThat(tail.since(0, 99)).as("before what the router read").isEmpty();
        tail.archived(0, 100 + LogTail.MARGIN + 400);
        // MARGIN messages below the archive's position stay, so a reader that took it a moment ago still finds its start.
        assertThat(tail.since(0, 100 + 400)).isPresent();
        assertThat(tail.since(0, 100 + 399)).isEmpty();
    }

    @Test
    void onlyRecordsFromWhereLiveRoutingBeganAreLiveAndTheTailIsReadyOnceEveryPartitionGotThere() {
        tail.startAt(0, 0, 5);
        tail.startAt(1, 0, 0);
        assertThat(tail.isLive(message(0, 4, UUID.randomUUID()))).isFalse();
        assertThat(tail.isLive(message(0, 5, UUID.randomUUID()))).isTrue();
        assertThat(tail.ready()).isFalse();
        tail.advance(0, 5);
        assertThat(tail.ready()).isTrue();
    }

    @Test
    void aReleasedPartitionIsLeftToKafkaAndNoLongerHoldsReadinessBack() {
        tail.startAt(0, 0, 0);
        tail.startAt(1, 0, 3);
        tail.append(message(0, 0, UUID.randomUUID()));
        assertThat(tail.ready()).as("partition 1 has not reached where routing began").isFalse();
        assertThat(tail.since(1, 0)).as("not caught up: only Kafka has all of it").isEmpty();
        tail.release(1);
        assertThat(tail.ready()).isTrue();
        assertThat(tail.since(1, 0)).isEmpty();
        assertThat(tail.since(0, 0)).hasValueSatisfying(list -> assertThat(list).hasSize(1));
        tail.release(0);
        assertThat(tail.since(0, 0)).as("another node reads it now").isEmpty();
    }

    @Test
    void aPartitionTakenBackKeepsTheRecordsItReadsAgain() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        tail.startAt(0, 0, 0);
        tail.append(message(0, 0, first));
        tail.append(message(0, 1, second));
        tail.release(0);
        tail.startAt(0, 0, 2); // routed elsewhere meanwhile; re-read from offset 0 to fill the tail
        assertThat(tail.append(message(0, 0, first))).as("the same record again is no second copy").isTrue();
        assertThat(tail.append(message(0, 1, second))).isTrue();
        assertThat(tail.since(0, 0)).hasValueSatisfying(list -> assertThat(list).hasSize(2));
        assertThat(tail.append(message(0, 2, first))).as("the same id at another offset is").isFalse();
    }

    @Test
    void routedUpToMovesOnlyOnceTheBatchWasRoutedNotWhenItWasRead() {
        tail.startAt(0, 0, 0);
        tail.append(message(0, 0, UUID.randomUUID()));
        tail.append(message(0, 1, UUID.randomUUID()));
        assertThat(tail.routedUpTo(0)).as("read, not yet handed to sessions: a drain must not close them yet").isZero();
        tail.advance(0, 2);
        assertThat(tail.routedUpTo(0)).isEqualTo(2);
        tail.release(0);
        assertThat(tail.routedUpTo(0)).as("another node's now").isEqualTo(-1);
    }

    @Test
    void aRouterHoldingNoPartitionIsReady() {
        assertThat(tail.ready()).isFalse();
        tail.routerStarted();
        assertThat(tail.ready()).isTrue();
    }

    @Test
    void aWaiterIsReleasedWhenTheRouterReachesWhereLiveRoutingBegan() throws Exception {
        assertThat(tail.awaitReady(Duration.ofMillis(1))).as("before the router started").isFalse();
        tail.startAt(0, 0, 2);
        tail.startAt(1, 0, 0);
        assertThat(tail.awaitReady(Duration.ofMillis(1))).isFalse();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> tail.awaitReady(Duration.ofSeconds(30)));
        tail.append(message(0, 0, UUID.randomUUID()));
        assertThat(waiter).isNotDone();
        tail.append(message(0, 1, UUID.randomUUID()));
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(tail.awaitReady(Duration.ZERO)).isTrue();
    }

    @Test
    void idsAreRememberedForOneToTwoGenerations() {
        tail.startAt(0, 0, 0);
        List<UUID> ids = java.util.stream.Stream.generate(UUID::randomUUID).limit(2_500).toList();
        for (int i = 0; i < ids.size(); i++) {
            tail.append(message(0, i, ids.get(i)));
        }
        assertThat(tail.firstCopy(ids.getLast())).isPresent();
        assertThat(tail.firstCopy(ids.get(1_000))).isPresent();
        assertThat(tail.firstCopy(ids.getFirst())).isEmpty();
    }
}
