package dev.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class PendingSendsTest {

    private final PendingSends pending = new PendingSends();
    private final AtomicInteger closes = new AtomicInteger();

    @Test
    void aConnectionWithNothingPendingClosesAtOnce() {
        assertThat(pending.closeWhenAnswered(closes::incrementAndGet)).isTrue();
        assertThat(closes).hasValue(1);
        assertThat(pending.closed()).isTrue();
    }

    @Test
    void theCloseWaitsForTheLastAnswerAndRunsOnce() {
        pending.add();
        pending.add();
        pending.closeWhenAnswered(closes::incrementAndGet);
        pending.answered();
        assertThat(closes).as("one send still unanswered").hasValue(0);
        pending.answered();
        assertThat(closes).hasValue(1);
        assertThat(pending.closeWhenAnswered(closes::incrementAndGet)).as("asked once only").isFalse();
        assertThat(closes).hasValue(1);
    }

    @Test
    void aSendReadAfterTheCloseIsNotTaken() {
        pending.closeWhenAnswered(closes::incrementAndGet);
        assertThat(pending.add()).isFalse();
    }

    @Test
    void aRefusalReadWhileTheCloseWaitsIsAnsweredBeforeIt() {
        pending.add(); // a send on its way to the log
        pending.closeWhenAnswered(closes::incrementAndGet);
        assertThat(pending.add()).as("a refusal is still answered").isTrue();
        pending.answered();
        pending.answered();
        assertThat(closes).hasValue(1);
    }

    @Test
    void theDeadlineClosesWhatIsStillPendingAndSaysHowMuch() {
        pending.add();
        pending.closeWhenAnswered(closes::incrementAndGet);
        assertThat(pending.closeNow(closes::incrementAndGet)).isEqualTo(1);
        assertThat(closes).hasValue(1);
        pending.answered(); // the late answer does not close it again
        assertThat(closes).hasValue(1);
        assertThat(pending.closeNow(closes::incrementAndGet)).isZero();
    }
}
