package dev.parley.bench;

import java.util.Arrays;

/** Latency samples in microseconds, with exact percentiles (nearest-rank). Thread-safe for recording. */
public final class Latencies {

    private long[] samples = new long[1024];
    private int count;

    public synchronized void record(long micros) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = Math.max(0, micros);
    }

    public synchronized int count() {
        return count;
    }

    public synchronized Summary summary() {
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return new Summary(count, percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99),
                count == 0 ? 0 : sorted[count - 1]);
    }

    /** Any percentile, in milliseconds (the summary has 50, 90 and 99). */
    public synchronized double percentileMillis(double p) {
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return percentile(sorted, p) / 1000.0;
    }

    /** Nearest-rank percentile of sorted values (0 for none): the smallest value with at least p% of samples at or below it. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Percentiles in microseconds. */
    public record Summary(int count, long p50, long p90, long p99, long max) {

        public String millis(long micros) {
            return String.format(java.util.Locale.ROOT, "%.2f", micros / 1000.0);
        }
    }
}
