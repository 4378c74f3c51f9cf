package dev.parley.routing;

import dev.parley.log.LogBatch;
import dev.parley.log.LogConsumer;
import dev.parley.log.LogTail;
import dev.parley.log.LoggedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live delivery straight from the log: every message the log has is routed to its recipients'
 * sessions at once, whatever the archive is doing. Runs on the router's log consumer thread, which
 * reads every partition in offset order, so routing is in seq order per conversation.
 * <p>
 * On start it reads the last {@value #SEED} records of each partition again without routing them
 * (they were routed before the node restarted): that fills {@link LogTail}, which resume and
 * history read beyond the archive, and the window of remembered message ids, which keeps a retry
 * written to the log twice from being delivered twice.
 */
final class LiveRouter implements LogConsumer.Handler, LogConsumer.StartAt {

    private static final Logger log = LoggerFactory.getLogger(LiveRouter.class);
    static final long SEED = 2_000;

    private final LogTail tail;
    private final DeliveryRouter router;

    LiveRouter(LogTail tail, DeliveryRouter router) {
        this.tail = tail;
        this.router = router;
    }

    @Override
    public long offset(int partition, long beginning, long end) {
        long from = Math.max(beginning, end - SEED);
        tail.startAt(partition, from, end);
        return from;
    }

    @Override
    public void handle(LogBatch batch, LogConsumer consumer) {
        for (LoggedMessage message : batch.messages()) {
            if (tail.append(message) && tail.isLive(message)) {
                router.route(message);
            }
        }
        batch.nextOffsets().forEach(tail::advance);
        for (LogBatch.Unreadable record : batch.unreadable()) {
            log.warn("Not routing record {}@{}: {}", record.partition(), record.offset(), record.problem());
        }
    }
}
