package dev.parley.bench;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/** Calls {@code send} with 0, 1, 2, … at a fixed rate for a while, catching up in bursts if it falls behind. */
final class Pacer {

    private Pacer() {
    }

    /** Returns how many were sent. */
    static long run(double perSecond, double seconds, LongConsumer send) {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long sent = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return sent;
            }
            long due = (long) ((now - start) / 1e9 * perSecond);
            while (sent < due) {
                send.accept(sent++);
            }
            LockSupport.parkNanos(200_000);
        }
    }
}
