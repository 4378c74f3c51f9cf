package dev.parley.system;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ThrottledLogTest {

    private static final Duration WINDOW = Duration.ofMillis(200);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Logger logger;
    private ThrottledLog throttled;

    @BeforeEach
    void capture() {
        logger = (Logger) LoggerFactory.getLogger("throttled-test-" + UUID.randomUUID());
        lines.start();
        logger.addAppender(lines);
        logger.setAdditive(false); // the lines are asserted, not printed
        throttled = new ThrottledLog(logger, WINDOW, System::nanoTime, timer);
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void aBurstIsOneLineAtOnceAndOneSummaryWrittenByTheTimer() {
        for (int i = 0; i < 1000; i++) {
            throttled.warn("Could not deliver {} live: {}", "m" + i, "boom");
        }
        assertThat(messages()).containsExactly("Could not deliver m0 live: boom");

        // Nothing else arrives: the timer writes the count anyway.
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.list.size() == 2);
        assertThat(messages().get(1)).isEqualTo("Could not deliver m999 live: boom (999 more like this in the last 200 ms)");
        assertThat(lines.list).allMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN);
    }

    @Test
    void aSteadyStreamGivesOneSummaryPerWindow() {
        long end = System.nanoTime() + WINDOW.multipliedBy(5).toNanos();
        int sent = 0;
        while (System.nanoTime() < end) {
            throttled.error("Record {} failed", sent++);
        }
        int total = sent;
        await().atMost(Duration.ofSeconds(5)).until(() -> counted() == total - 1);
        // The first line, then at most one summary per window (the stream lasted five windows; the last may end a sixth).
        assertThat(lines.list.size()).isBetween(2, 7);
        assertThat(messages().getFirst()).isEqualTo("Record 0 failed");
    }

    @Test
    void differentMessagesAreCountedApart() {
        throttled.warn("A {}", 1);
        throttled.warn("B {}", 1);
        throttled.warn("A {}", 2);
        throttled.warn("A {}", 3);
        assertThat(messages()).containsExactly("A 1", "B 1");
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.list.size() == 3);
        assertThat(messages().get(2)).isEqualTo("A 3 (2 more like this in the last 200 ms)");
    }

    @Test
    void memoryIsBoundedWhateverTheNumberOfDifferentMessages() {
        for (int i = 0; i < 1000; i++) {
            throttled.warn("message number " + i); // a pattern built per call: each is a new kind
        }
        // One line for each kind it keeps, one for the first of those sharing the overflow count; the rest are counted.
        assertThat(lines.list).hasSize(ThrottledLog.MAX_KINDS + 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> counted() == 1000 - ThrottledLog.MAX_KINDS - 1);
    }

    @Test
    void theFirstLineKeepsItsStackTraceTheSummaryDoesNot() {
        throttled.warn("Write failed", new IllegalStateException("disk"));
        throttled.warn("Write failed", new IllegalStateException("disk"));
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.list.size() == 2);
        assertThat(lines.list.get(0).getThrowableProxy()).isNotNull();
        assertThat(lines.list.get(1).getThrowableProxy()).isNull();
        assertThat(messages().get(1)).isEqualTo("Write failed (1 more like this in the last 200 ms)");
    }

    @Test
    void flushWritesPendingCountsAtOnce() {
        ThrottledLog registered = ThrottledLog.of(logger);
        registered.warn("Stopping {}", 1);
        registered.warn("Stopping {}", 2);
        ThrottledLog.flushAll();
        assertThat(messages()).containsExactly("Stopping 1", "Stopping 2 (1 more like this in the last 5 s)");
    }

    @Test
    void nothingIsCountedBelowTheLoggersLevel() {
        logger.setLevel(ch.qos.logback.classic.Level.ERROR);
        throttled.warn("quiet {}", 1);
        throttled.error("loud {}", 1);
        assertThat(messages()).containsExactly("loud 1");
    }

    private List<String> messages() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Occurrences reported by summaries so far. */
    private long counted() {
        return messages().stream().filter(m -> m.contains(" more like this"))
                .mapToLong(m -> Long.parseLong(m.replaceAll(".*\\((\\d+) more like this.*", "$1"))).sum();
    }
}
