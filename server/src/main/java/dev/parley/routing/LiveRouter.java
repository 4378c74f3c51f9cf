package dev.parley.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.parley.log.LogBatch;
import dev.parley.log.LogConsumer;
import dev.parley.log.LogTail;
import dev.parley.log.LoggedMessage;
import dev.parley.system.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live delivery straight from the log: every message the log has is routed to its recipients'
 * sessions at once, whatever the archive is doing. Runs on the router's log consumer thread, which
 * reads its partitions (all of them on a node alone, its share in a cluster) in offset order, so
 * routing is in seq order per conversation.
 * <p>
 * On start it reads the last {@value #SEED} records of each partition again without routing them
 * (they were routed before the node restarted): that fills {@link LogTail}, which resume and
 * history read beyond the archive, and the window of remembered message ids, which keeps a retry
 * written to the log twice from being delivered twice. A partition taken over from another node
 * of a cluster is routed from where that node got to ({@link #takingOver}).
 */
final class LiveRouter implements LogConsumer.Handler, LogConsumer.StartAt {

    private static final Logger log = LoggerFactory.getLogger(LiveRouter.class);
    /** Warnings that can repeat per message, record or connection under load: the first at once, then a count every 5 s. */
    private static final ThrottledLog throttled = ThrottledLog.of(log);
    static final long SEED = 2_000;
    private final Map<Integer, Long> takeovers = new java.util.concurrent.ConcurrentHashMap<>();

    private final LogTail tail;
    private final DeliveryRouter router;

    LiveRouter(LogTail tail, DeliveryRouter router) {
        this.tail = tail;
        this.router = router;
    }

    @Override
    public long offset(int partition, long beginning, long end) {
        // In a cluster, a partition taken over from another node is routed from where that node got to.
        Long routedUpTo = takeovers.remove(partition);
        long liveFrom = routedUpTo == null ? end : Math.clamp(routedUpTo, beginning, end);
        long from = Math.max(beginning, liveFrom - SEED);
        tail.startAt(partition, from, liveFrom);
        router.partitionsChanged();
        if (routedUpTo != null) {
            log.info("Routing partition {} live from offset {}, where its previous router got to", partition, liveFrom);
        }
        return from;
    }

    /** Partitions about to be read, with the position their previous router committed. */
    void takingOver(Map<Integer, Long> committed) {
        takeovers.putAll(committed);
    }

    @Override
    public void handle(LogBatch batch, LogConsumer consumer) {
        List<LoggedMessage> live = new ArrayList<>(batch.messages().size());
        for (LoggedMessage message : batch.messages()) {
            if (tail.append(message)) {
                if (tail.isLive(message)) {
                    live.add(message);
                } else {
                    router.observe(message);
                }
            }
        }
        router.route(live);
        batch.nextOffsets().forEach(tail::advance);
        for (LogBatch.Unreadable record : batch.unreadable()) {
            throttled.warn("Not routing record {}@{}: {}", record.partition(), record.offset(), record.problem());
        }
    }
}
