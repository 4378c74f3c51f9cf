package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccountingTest {

    @Test
    void countsLossesDuplicatesAndReorderingPerStream() {
        Accounting accounting = new Accounting();
        for (int n : new int[] {0, 1, 3, 2, 3, 5}) {
            accounting.received("a", n);
        }
        accounting.received("b", 0);
        assertThat(accounting.received()).isEqualTo(7);
        assertThat(accounting.duplicates()).isEqualTo(1);
        assertThat(accounting.outOfOrder()).isEqualTo(1);
        assertThat(accounting.lost("a", 6)).isEqualTo(1); // 4 never came
        assertThat(accounting.lost("b", 1)).isZero();
        assertThat(accounting.lost("never-seen", 3)).isEqualTo(3);
    }

    @Test
    void aPerfectStreamHasNothingToReport() {
        Accounting accounting = new Accounting();
        for (int n = 0; n < 1000; n++) {
            accounting.received("s", n);
        }
        assertThat(accounting.duplicates()).isZero();
        assertThat(accounting.outOfOrder()).isZero();
        assertThat(accounting.lost("s", 1000)).isZero();
    }
}
