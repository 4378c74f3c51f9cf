package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class ArchiveLagTest {

    private static final long MS = 1_000_000;

    @Test
    void caughtUpOnlyOnceTheLagHasStayedZeroForTheSettlingTime() {
        ArchiveLag.Settle settle = new ArchiveLag.Settle(300 * MS);
        assertThat(settle.caughtUp(OptionalLong.of(5), 0)).isFalse();
        assertThat(settle.caughtUp(OptionalLong.of(0), 100 * MS)).isFalse();
        assertThat(settle.caughtUp(OptionalLong.of(0), 300 * MS)).isFalse();
        assertThat(settle.caughtUp(OptionalLong.of(0), 400 * MS)).isTrue();
    }

    @Test
    void aLagOrAnUnknownLagInBetweenStartsTheSettlingAgain() {
        ArchiveLag.Settle settle = new ArchiveLag.Settle(300 * MS);
        assertThat(settle.caughtUp(OptionalLong.of(0), 0)).isFalse();
        assertThat(settle.caughtUp(OptionalLong.of(1), 200 * MS)).isFalse();
        assertThat(settle.caughtUp(OptionalLong.of(0), 400 * MS)).isFalse();
        assertThat(settle.caughtUp(OptionalLong.empty(), 600 * MS)).isFalse();
        assertThat(settle.caughtUp(OptionalLong.of(0), 800 * MS)).isFalse();
        assertThat(settle.caughtUp(OptionalLong.of(0), 1100 * MS)).isTrue();
    }
}
