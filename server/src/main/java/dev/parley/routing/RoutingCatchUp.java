package dev.parley.routing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.parley.log.LogTail;
import dev.parley.log.MessageLog;

/**
 * Lets a stopping node deliver what it acked: waits until this node's router has routed every
 * message this node appended to the log, in each partition it routes (all of them on a node
 * alone). Sessions still open then have had every message acked before. Partitions other nodes
 * route are theirs to deliver (their clients resume anyway).
 */
public final class RoutingCatchUp {

    private final MessageLog log;
    private final LogTail tail;
    private final int partitions;

    RoutingCatchUp(MessageLog log, LogTail tail, int partitions) {
        this.log = log;
        this.tail = tail;
        this.partitions = partitions;
    }

    /** Blocking; true once caught up, false if {@code timeout} passed first. */
    public boolean await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!caughtUp()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return true;
    }

    /** A partition this node does not route (routedUpTo -1) is another node's to deliver. */
    private boolean caughtUp() {
        for (int p = 0; p < partitions; p++) {
            long routedUpTo = tail.routedUpTo(p);
            if (routedUpTo >= 0 && routedUpTo < log.appendedUpTo(p)) {
                return false;
            }
        }
        return true;
    }
}
