package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutcomesTest {

    @Test
    void everyAckedMessageDeliveredLeavesNothingMissing() {
        Outcomes outcomes = new Outcomes(2);
        for (int n = 0; n < 3; n++) {
            outcomes.acked(0, n, 1000);
            outcomes.delivered(0, n, 2000);
        }
        outcomes.acked(1, 0, 1000);
        outcomes.delivered(1, 0, 2000);
        Outcomes.Summary s = outcomes.summary(new int[] {3, 1});
        assertThat(s).isEqualTo(new Outcomes.Summary(4, 4, 0, 0, "", 0, 4, 0, 0, 0, 0, 0));
        assertThat(outcomes.answered()).isEqualTo(4);
    }

    @Test
    void anAckedMessageThatNeverArrivesIsCountedButARefusedOneIsNot() {
        Outcomes outcomes = new Outcomes(1);
        outcomes.acked(0, 0, 1000);
        outcomes.delivered(0, 0, 2000);
        outcomes.acked(0, 1, 1000); // acked, never delivered: the figure that must be 0
        outcomes.refused(0, 2, "overloaded"); // refused and not delivered: legitimate
        outcomes.refused(0, 3, "not_stored");
        outcomes.delivered(0, 3, 2000); // refused after a timeout, stored after all
        // 4 was sent and never answered
        assertThat(outcomes.ackedNotDelivered()).isEqualTo(1);
        Outcomes.Summary s = outcomes.summary(new int[] {5});
        assertThat(s.sent()).isEqualTo(5);
        assertThat(s.acked()).isEqualTo(2);
        assertThat(s.refusedOverloaded()).isEqualTo(1);
        assertThat(s.otherErrors()).isEqualTo(1);
        assertThat(s.otherErrorCodes()).isEqualTo("not_stored=1");
        assertThat(s.unanswered()).isEqualTo(1);
        assertThat(s.delivered()).isEqualTo(2);
        assertThat(s.ackedNotDelivered()).isEqualTo(1);
        assertThat(s.refusedButDelivered()).isEqualTo(1);
        assertThat(s.deliveredUnanswered()).isZero();
    }

    @Test
    void aMessageDeliveredBeforeItsSenderHeardAnythingIsCounted() {
        Outcomes outcomes = new Outcomes(1);
        outcomes.delivered(0, 0, 2000); // the ack is late, or never comes
        outcomes.delivered(0, 0, 2000); // a duplicate is one message
        outcomes.acked(0, 1, 1000);
        outcomes.delivered(0, 1, 2000);
        Outcomes.Summary s = outcomes.summary(new int[] {2});
        assertThat(s.deliveredUnanswered()).isEqualTo(1);
        assertThat(s.unanswered()).isEqualTo(1);
        assertThat(s.duplicates()).isEqualTo(1);
    }

    @Test
    void errorsThatNameNoMessageAreCountedByCodeWithoutAnsweringAnything() {
        Outcomes outcomes = new Outcomes(1);
        outcomes.refused(-1, -1, "invalid_json");
        outcomes.refused(-1, -1, null);
        outcomes.refused(0, 0, "overloaded");
        outcomes.refused(0, 0, "overloaded"); // the same message refused twice is one answer
        Outcomes.Summary s = outcomes.summary(new int[] {1});
        assertThat(outcomes.answered()).isEqualTo(1);
        assertThat(s.refusedOverloaded()).isEqualTo(2);
        assertThat(s.otherErrors()).isEqualTo(2);
        assertThat(s.otherErrorCodes()).isEqualTo("invalid_json=1 unknown=1");
        assertThat(s.unanswered()).isZero();
    }

    @Test
    void duplicatesAndReorderingComeFromTheDeliveries() {
        Outcomes outcomes = new Outcomes(1);
        for (int n : new int[] {0, 2, 1, 2}) {
            outcomes.acked(0, n, 1000);
            outcomes.delivered(0, n, 2000);
        }
        Outcomes.Summary s = outcomes.summary(new int[] {3});
        assertThat(s.duplicates()).isEqualTo(1);
        assertThat(s.outOfOrder()).isEqualTo(1);
        assertThat(s.ackedNotDelivered()).isZero();
    }

    @Test
    void nothingCountsAfterTheWindowIsClosedSoCountsAndLatenciesAgree() {
        Outcomes outcomes = new Outcomes(1);
        outcomes.acked(0, 0, 1000);
        outcomes.delivered(0, 0, 2000);
        outcomes.close();
        outcomes.acked(0, 1, 15_000_000);
        outcomes.delivered(0, 1, 15_000_000);
        outcomes.refused(0, 2, "overloaded");
        Outcomes.Summary s = outcomes.summary(new int[] {3});
        assertThat(s.acked()).isEqualTo(outcomes.ackLatency().count()).isEqualTo(1);
        assertThat(s.delivered()).isEqualTo(outcomes.deliveryLatency().count()).isEqualTo(1);
        assertThat(s.refusedOverloaded()).isZero();
        assertThat(s.unanswered()).isEqualTo(2);
        assertThat(outcomes.ackLatency().summary().max()).isEqualTo(1000);
    }
}
