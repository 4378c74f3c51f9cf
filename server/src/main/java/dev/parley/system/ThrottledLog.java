package dev.parley.system;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.MessageFormatter;

/**
 * A logger for warnings that can repeat once per message, record or connection under load: the
 * first of a kind is logged at once; the same kind again within the window (default 5 s) is only
 * counted, and at the end of the window one line reports the last of them with the count, e.g.
 * {@code Could not deliver … live: … (2,311 more like this in the last 5 s)}. A kind is the call's
 * message pattern, so occurrences that differ only in their arguments count together. The summary
 * is written by a timer, also when nothing more arrives. Memory is bounded: at most
 * {@value #MAX_KINDS} kinds per logger; further kinds share one count.
 */
public final class ThrottledLog {

    public static final Duration WINDOW = Duration.ofSeconds(5);
    static final int MAX_KINDS = 64;
    private static final String OVERFLOW = "(other repeated messages)";

    /** One timer thread for every throttled logger: it only writes summary lines. */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-log-throttle");
        t.setDaemon(true);
        return t;
    });
    private static final List<ThrottledLog> ALL = new CopyOnWriteArrayList<>();

    private final Logger log;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService timer;
    private final Map<String, Kind> kinds = new ConcurrentHashMap<>();

    ThrottledLog(Logger log, Duration window, LongSupplier nanoTime, ScheduledExecutorService timer) {
        this.log = log;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
        this.timer = timer;
    }

    /** Meant for a static field next to the class's logger: one per class, so the list of them stays small. */
    public static ThrottledLog of(Logger log) {
        ThrottledLog throttled = new ThrottledLog(log, WINDOW, System::nanoTime, TIMER);
        ALL.add(throttled);
        return throttled;
    }

    /** Writes every pending count now (a stopping node should not lose its last summary). */
    public static void flushAll() {
        ALL.forEach(ThrottledLog::flush);
    }

    public void info(String pattern, Object... args) {
        log(Level.INFO, pattern, args);
    }

    public void warn(String pattern, Object... args) {
        log(Level.WARN, pattern, args);
    }

    public void error(String pattern, Object... args) {
        log(Level.ERROR, pattern, args);
    }

    private void log(Level level, String pattern, Object[] args) {
        if (!log.isEnabledForLevel(level)) {
            return;
        }
        Kind kind = kinds.get(pattern);
        if (kind == null) {
            kind = kinds.size() < MAX_KINDS ? kinds.computeIfAbsent(pattern, p -> new Kind(level))
                    : kinds.computeIfAbsent(OVERFLOW, p -> new Kind(level));
        }
        boolean now;
        boolean schedule = false;
        long at = nanoTime.getAsLong();
        synchronized (kind) {
            // Past the window's end with a summary still to write: counted into that summary, not logged twice.
            now = !kind.windowOpen || at - kind.windowEnd >= 0 && kind.suppressed == 0;
            if (now) {
                kind.windowOpen = true;
                kind.windowEnd = at + windowNanos;
            } else {
                kind.suppressed++;
                kind.last = pattern;
                kind.lastArgs = args;
                schedule = !kind.flushScheduled;
                kind.flushScheduled = true;
            }
        }
        if (now) {
            log.atLevel(level).log(pattern, args);
        } else if (schedule) {
            long delay = Math.max(0, kind.windowEnd - at);
            Kind scheduled = kind;
            timer.schedule(() -> flush(scheduled), delay, TimeUnit.NANOSECONDS);
        }
    }

    private void flush() {
        kinds.values().forEach(this::flush);
    }

    /** The summary line of a window; the next window starts now, so a steady stream gives one line per window. */
    private void flush(Kind kind) {
        long count;
        String last;
        Object[] lastArgs;
        synchronized (kind) {
            kind.flushScheduled = false;
            count = kind.suppressed;
            if (count == 0) {
                return;
            }
            last = kind.last;
            lastArgs = kind.lastArgs;
            kind.suppressed = 0;
            kind.last = null;
            kind.lastArgs = null;
            kind.windowEnd = nanoTime.getAsLong() + windowNanos;
        }
        String message = MessageFormatter.basicArrayFormat(last, lastArgs);
        log.atLevel(kind.level).log("{} ({} more like this in the last {})", message, count, window());
    }

    private String window() {
        long millis = TimeUnit.NANOSECONDS.toMillis(windowNanos);
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /** One kind of message: when its window ends and what was held back in it. Guarded by itself. */
    private static final class Kind {
        final Level level;
        boolean windowOpen; // false until the first occurrence, which is logged at once
        long windowEnd;
        long suppressed;
        String last;
        Object[] lastArgs;
        boolean flushScheduled;

        Kind(Level level) {
            this.level = level;
        }
    }
}
