package dev.parley.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFullBucketGivesItsBurstThenTellsHowLongToWait() {
        TokenBucket bucket = new TokenBucket(20, 50, 0);
        for (int i = 0; i < 50; i++) {
            assertThat(bucket.take(0)).as("take %d of the burst", i).isZero();
        }
        assertThat(bucket.take(0)).as("one token comes every 50 ms").isEqualTo(50);
        assertThat(bucket.take(SECOND / 100)).as("10 ms later").isEqualTo(40);
        assertThat(bucket.take(SECOND / 20)).as("after the wait it said").isZero();
    }

    @Test
    void aFloodOfFiveThousandInOneSecondGetsTheBurstAndOneSecondOfRate() {
        TokenBucket bucket = new TokenBucket(20, 50, 0);
        int taken = 0;
        for (int i = 0; i < 5_000; i++) {
            if (bucket.take(i * SECOND / 5_000) == 0) {
                taken++;
            }
        }
        assertThat(taken).isBetween(69, 70);
    }

    @Test
    void quietTimeRefillsUpToTheBurstOnly() {
        TokenBucket bucket = new TokenBucket(5, 20, 0);
        for (int i = 0; i < 20; i++) {
            bucket.take(0);
        }
        int taken = 0;
        while (bucket.take(3600 * SECOND) == 0) {
            taken++;
        }
        assertThat(taken).as("an hour of quiet").isEqualTo(20);
    }

    @Test
    void aClockReadBeforeAnotherCallersDoesNotDrainTheBucket() {
        TokenBucket bucket = new TokenBucket(1, 2, SECOND);
        assertThat(bucket.take(SECOND)).isZero();
        assertThat(bucket.take(SECOND / 2)).isZero();
        assertThat(bucket.take(SECOND / 2)).isEqualTo(1000);
    }

    @Test
    void slowRatesWaitWholeSeconds() {
        TokenBucket bucket = new TokenBucket(0.5, 1, 0);
        assertThat(bucket.take(0)).isZero();
        assertThat(bucket.take(0)).isEqualTo(2000);
    }

    @Test
    void aQuotaKeepsOneBucketPerKey() {
        AtomicLong now = new AtomicLong();
        Quota<String> quota = new Quota<>(1, 2, now::get);
        assertThat(quota.take("a")).isZero();
        assertThat(quota.take("a")).isZero();
        assertThat(quota.take("a")).as("a's burst is used").isEqualTo(1000);
        assertThat(quota.take("b")).as("b has its own").isZero();
        now.addAndGet(SECOND);
        assertThat(quota.take("a")).as("a second later").isZero();
    }
}
