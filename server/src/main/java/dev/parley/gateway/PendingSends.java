package dev.parley.gateway;

/**
 * The sends of one connection that were read but not answered yet (handed to the log, or being
 * checked before that). A drain closes the connection only once the last of them is answered, so
 * every send handed to the log gets its ack or error before the close frame; once closed, sends
 * still read from the socket are not taken (nothing stored, so nothing left unanswered).
 */
final class PendingSends {

    private int count;
    private Runnable whenAnswered;
    private boolean closed;

    /** A send was read; false once the connection was closed for the drain: do not take it. */
    synchronized boolean add() {
        if (closed) {
            return false;
        }
        count++;
        return true;
    }

    /** A send was answered (its ack or error queued on the connection), or dropped before it reached the log. */
    void answered() {
        Runnable close;
        synchronized (this) {
            count--;
            if (count > 0 || whenAnswered == null) {
                return;
            }
            close = whenAnswered;
            whenAnswered = null;
            closed = true;
        }
        close.run();
    }

    /**
     * Runs {@code close} as soon as every send read so far is answered (at once if none is
     * pending). False if a close was asked for already.
     */
    boolean closeWhenAnswered(Runnable close) {
        synchronized (this) {
            if (closed || whenAnswered != null) {
                return false;
            }
            if (count > 0) {
                whenAnswered = close;
                return true;
            }
            closed = true;
        }
        close.run();
        return true;
    }

    /** Closes now, answered or not (the drain's deadline passed); returns how many were still unanswered. */
    int closeNow(Runnable close) {
        int unanswered;
        synchronized (this) {
            if (closed) {
                return 0;
            }
            closed = true;
            whenAnswered = null;
            unanswered = count;
        }
        close.run();
        return unanswered;
    }

    synchronized int count() {
        return count;
    }

    synchronized boolean closed() {
        return closed;
    }
}
