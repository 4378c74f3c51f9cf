package dev.parley.bench;

import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What became of every message one direct-scenario window sent, per pair: acknowledged, refused
 * (with which error code), delivered. An ack promises delivery, so the figure that must be 0 is
 * "acked but not delivered" once the wait after the last send is over; a refusal is a legitimate
 * answer under overload (the client may retry later) and is only counted. Thread-safe: acks and
 * errors arrive on the senders' event loops, deliveries on the receivers'. {@link #close()} ends
 * the window: whatever arrives later is ignored, so counts and latencies describe the same moment.
 */
final class Outcomes {

    static final String OVERLOADED = "overloaded";

    private final BitSet[] acked;
    private final BitSet[] refused;
    private final Accounting deliveries = new Accounting();
    private final Map<String, Long> refusalsByCode = new TreeMap<>();
    private final Latencies ackLatency = new Latencies();
    private final Latencies deliveryLatency = new Latencies();
    private long answered;
    private boolean closed;

    /**
     * Counts at the end of a window. {@code otherErrorCodes} is e.g. {@code "not_stored=3"}, empty when none;
     * {@code deliveredUnanswered}: delivered, but the sender got neither an ack nor an error for it.
     */
    record Summary(long sent, long acked, long refusedOverloaded, long otherErrors, String otherErrorCodes, long unanswered,
                   long delivered, long ackedNotDelivered, long refusedButDelivered, long deliveredUnanswered, long duplicates,
                   long outOfOrder) {
    }

    Outcomes(int pairs) {
        acked = new BitSet[pairs];
        refused = new BitSet[pairs];
        for (int p = 0; p < pairs; p++) {
            acked[p] = new BitSet();
            refused[p] = new BitSet();
        }
    }

    /** Message {@code n} of {@code pair} was acked {@code micros} after it was sent. */
    synchronized void acked(int pair, int n, long micros) {
        if (closed) {
            return;
        }
        countAnswer(pair, n);
        acked[pair].set(n);
        ackLatency.record(micros);
    }

    /** An error frame; {@code pair} is -1 when its {@code ref} names none of this window's messages. */
    synchronized void refused(int pair, int n, String code) {
        if (closed) {
            return;
        }
        refusalsByCode.merge(code == null ? "unknown" : code, 1L, Long::sum);
        if (pair >= 0 && pair < refused.length && n >= 0) {
            countAnswer(pair, n);
            refused[pair].set(n);
        }
    }

    private void countAnswer(int pair, int n) {
        if (!acked[pair].get(n) && !refused[pair].get(n)) {
            answered++;
        }
    }

    /** Message {@code n} of {@code pair} reached its receiver {@code micros} after it was sent. */
    synchronized void delivered(int pair, int n, long micros) {
        if (closed) {
            return;
        }
        deliveries.received(stream(pair), n);
        deliveryLatency.record(micros);
    }

    /** Ends the window: nothing that arrives from now on is counted. */
    synchronized void close() {
        closed = true;
    }

    Latencies ackLatency() {
        return ackLatency;
    }

    Latencies deliveryLatency() {
        return deliveryLatency;
    }

    /** Messages that got an ack or a refusal. */
    synchronized long answered() {
        return answered;
    }

    /** Acked messages that their receiver has not got (yet). */
    synchronized long ackedNotDelivered() {
        return missing(acked);
    }

    synchronized Summary summary(int[] sentPerPair) {
        long sent = 0;
        long ackedCount = 0;
        for (int p = 0; p < acked.length; p++) {
            sent += sentPerPair[p];
            ackedCount += acked[p].cardinality();
        }
        long overloaded = refusalsByCode.getOrDefault(OVERLOADED, 0L);
        long others = refusalsByCode.values().stream().mapToLong(Long::longValue).sum() - overloaded;
        String codes = refusalsByCode.entrySet().stream().filter(e -> !e.getKey().equals(OVERLOADED))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        BitSet[] answeredPerPair = new BitSet[acked.length];
        for (int p = 0; p < acked.length; p++) {
            answeredPerPair[p] = (BitSet) acked[p].clone();
            answeredPerPair[p].or(refused[p]);
        }
        long deliveredDistinct = deliveries.received() - deliveries.duplicates();
        return new Summary(sent, ackedCount, overloaded, others, codes, sent - answered, deliveries.received(), missing(acked),
                delivered(refused), deliveredDistinct - delivered(answeredPerPair), deliveries.duplicates(), deliveries.outOfOrder());
    }

    /** How many of the marked messages never arrived. */
    private long missing(BitSet[] marked) {
        long missing = 0;
        for (int p = 0; p < marked.length; p++) {
            BitSet m = (BitSet) marked[p].clone();
            m.andNot(deliveries.seen(stream(p)));
            missing += m.cardinality();
        }
        return missing;
    }

    /** How many of the marked messages arrived (a refused one that arrives was stored after all, e.g. after a not_stored timeout). */
    private long delivered(BitSet[] marked) {
        long delivered = 0;
        for (int p = 0; p < marked.length; p++) {
            BitSet m = (BitSet) marked[p].clone();
            m.and(deliveries.seen(stream(p)));
            delivered += m.cardinality();
        }
        return delivered;
    }

    private static String stream(int pair) {
        return "pair-" + pair;
    }
}
