package dev.parley.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts, per stream (one sender's messages into one conversation, numbered 0, 1, 2, …), what a
 * receiver got: duplicates, messages out of order, and — once everything acked should have
 * arrived — losses. Thread-safe.
 */
public final class Accounting {

    private final Map<String, Stream> streams = new HashMap<>();
    private long received;
    private long duplicates;
    private long outOfOrder;

    private static final class Stream {
        long highest = -1;
        final java.util.BitSet seen = new java.util.BitSet();
    }

    /** One receiver got message {@code n} of {@code stream}. Streams are per receiver: name them so. */
    public synchronized void received(String stream, int n) {
        Stream s = streams.computeIfAbsent(stream, k -> new Stream());
        received++;
        if (s.seen.get(n)) {
            duplicates++;
            return;
        }
        s.seen.set(n);
        if (n < s.highest) {
            outOfOrder++;
        }
        s.highest = Math.max(s.highest, n);
    }

    /** Messages 0..sent-1 of {@code stream} that never arrived. */
    public synchronized long lost(String stream, int sent) {
        Stream s = streams.get(stream);
        int got = s == null ? 0 : s.seen.get(0, sent).cardinality();
        return sent - got;
    }

    /** Which of {@code stream}'s messages arrived (a copy). */
    public synchronized java.util.BitSet seen(String stream) {
        Stream s = streams.get(stream);
        return s == null ? new java.util.BitSet() : (java.util.BitSet) s.seen.clone();
    }

    public synchronized long received() {
        return received;
    }

    public synchronized long duplicates() {
        return duplicates;
    }

    public synchronized long outOfOrder() {
        return outOfOrder;
    }
}
