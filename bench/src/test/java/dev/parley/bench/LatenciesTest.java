package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesAreNearestRank() {
        Latencies latencies = new Latencies();
        for (int i = 100; i >= 1; i--) {
            latencies.record(i);
        }
        Latencies.Summary s = latencies.summary();
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.p50()).isEqualTo(50);
        assertThat(s.p90()).isEqualTo(90);
        assertThat(s.p99()).isEqualTo(99);
        assertThat(s.max()).isEqualTo(100);
    }

    @Test
    void smallAndEmptySamples() {
        assertThat(new Latencies().summary()).isEqualTo(new Latencies.Summary(0, 0, 0, 0, 0));
        Latencies one = new Latencies();
        one.record(7);
        assertThat(one.summary()).isEqualTo(new Latencies.Summary(1, 7, 7, 7, 7));
        assertThat(Latencies.percentile(new long[] {1, 2, 3}, 50)).isEqualTo(2);
        assertThat(Latencies.percentile(new long[] {1, 2, 3, 4}, 50)).isEqualTo(2);
    }

    @Test
    void negativeSamplesCountAsZero() {
        Latencies latencies = new Latencies();
        latencies.record(-5);
        assertThat(latencies.summary().max()).isZero();
    }
}
