package dev.parley.gateway;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.newId;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.gateway.FuzzFrames.Fuzz;
import dev.parley.support.ParleyNode;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.TestDirs;
import dev.parley.support.WsClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A protocol fuzzer: {@value #BATCHES} batches of {@value #FRAMES_PER_BATCH} generated frames
 * ({@link FuzzFrames}: random JSON, wrong types in known fields, huge numbers, deep nesting, long
 * strings, unknown types, lone surrogates, invalid UTF-8, binary, empty and oversized frames) go
 * over a few raw connections to one node of its own, without waiting for each answer. The seed is
 * printed; {@code -Dfuzz.seed=<seed>} replays a run.
 * A connection the server closes is replaced. The node must never answer {@code internal_error},
 * must answer every frame the protocol says it answers exactly once, may close only with
 * documented codes and only for the frames that call for it, and must come out of it healthy,
 * serving, with no ERROR logged and no threads or heap left behind.
 */
class ProtocolFuzzIT {

    static final int BATCHES = 40;
    static final int FRAMES_PER_BATCH = 260;
    static final int CONNECTIONS = 4;
    /**
     * Leaks are judged against the node's JVM (this one) with room for what moves on its own: Netty
     * and Kafka pools that grow and shrink, JDK HttpClient selector threads, the reader threads of
     * closed fuzz connections still ending. A leak per connection (there are hundreds) or per frame
     * (ten thousand) would be far beyond either bound.
     */
    static final int THREAD_SLACK = 20;
    static final long HEAP_SLACK_BYTES = 64L * 1024 * 1024;

    private static ParleyNode node;
    private static TestApi api;
    private static final List<Account> users = new ArrayList<>();
    private static final FuzzConnection[] pool = new FuzzConnection[CONNECTIONS];
    private static final FuzzConnection.Ledger ledger = new FuzzConnection.Ledger();
    private static final ListAppender<ILoggingEvent> errorLog = new ListAppender<>();
    private static int baselineThreads;
    private static long baselineHeap;
    private static long startedAt;

    @BeforeAll
    static void startNode() {
        // Only the fuzzer's own frames count against the per-connection read/typing quotas: lift them, so
        // every garbage read or typing frame reaches validation instead of rate_limited.
        node = ParleyNode.start(TestDirs.fresh("fuzz"), Map.of(
                "parley.limits.reads-per-second", "100000", "parley.limits.read-burst", "100000",
                "parley.limits.typing-per-second", "100000", "parley.limits.typing-burst", "100000"));
        api = node.api();
        for (int i = 0; i < CONNECTIONS; i++) {
            users.add(api.register("fuzz"));
        }
        // Spring resets Logback while the node starts: attach after it.
        errorLog.setContext(root().getLoggerContext());
        errorLog.addFilter(new ch.qos.logback.core.filter.Filter<>() {
            @Override
            public ch.qos.logback.core.spi.FilterReply decide(ILoggingEvent event) {
                return event.getLevel().isGreaterOrEqual(Level.ERROR) ? ch.qos.logback.core.spi.FilterReply.NEUTRAL : ch.qos.logback.core.spi.FilterReply.DENY;
            }
        });
        errorLog.start();
        root().addAppender(errorLog);
        baselineThreads = liveThreads();
        baselineHeap = heapAfterGc();
        for (int i = 0; i < CONNECTIONS; i++) {
            pool[i] = FuzzConnection.open(api.port(), users.get(i).token(), ledger);
        }
        startedAt = System.nanoTime();
    }

    @AfterAll
    static void stopNode() {
        root().detachAppender(errorLog);
        if (node != null) {
            node.close();
        }
    }

    @Test
    void everyFrameIsAnsweredOrClosedAsDocumentedAndTheNodeSurvivesIntact() throws IOException {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("ProtocolFuzzIT: seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        FuzzFrames frames = new FuzzFrames(seed);
        for (int batch = 0; batch < BATCHES; batch++) {
            sendBatch(frames);
            assertThat(ledger.problems).as("internal errors, wrong closes, answers out of bounds (seed %d, batch %d)", seed, batch).isEmpty();
        }
        theNodeSurvivedIntactAndAnsweredAsDocumented();
    }

    /** Sends a batch spread over the pool without waiting for answers, then waits for those due. */
    private static void sendBatch(FuzzFrames frames) {
        for (int i = 0; i < FRAMES_PER_BATCH; i++) {
            int slot = i % CONNECTIONS;
            Fuzz frame = frames.next();
            if (pool[slot].isClosed()) {
                replace(slot, null);
            }
            if (frame.closes()) {
                // What came before must be answered before the close can cut it off.
                pool[slot].awaitDueAnswers();
                pool[slot].send(frame);
                replace(slot, frame);
            } else if (!pool[slot].send(frame)) {
                replace(slot, null);
                pool[slot].send(frame);
            }
        }
        for (FuzzConnection connection : pool) {
            connection.awaitDueAnswers();
        }
    }

    /** Retires a closed connection (its answer count is final) and opens another for the same user. */
    private static void replace(int slot, Fuzz closingFrame) {
        FuzzConnection old = pool[slot];
        int code = old.awaitClose();
        ledger.count(ledger.closeCodes, code);
        if (closingFrame != null && code != closingFrame.closeCode()) {
            ledger.problems.add("closed with " + code + " instead of " + closingFrame.closeCode() + " after " + closingFrame.describe());
        }
        if (closingFrame == null && !Set.of(1007, 1009, 4008).contains(code)) {
            ledger.problems.add("closed with " + code + " though no frame called for a close");
        }
        if (closingFrame != null || code == 1007 || code == 1009) {
            String mismatch = old.answerMismatch();
            if (mismatch != null) {
                ledger.problems.add("a connection closed with " + code + " " + mismatch);
            }
        }
        pool[slot] = FuzzConnection.open(api.port(), users.get(slot).token(), ledger);
    }

    private static void theNodeSurvivedIntactAndAnsweredAsDocumented() throws IOException {
        double seconds = (System.nanoTime() - startedAt) / 1e9;
        for (FuzzConnection connection : pool) {
            connection.awaitDueAnswers();
            // No more answers than frames that are answered: none may trickle in late either.
            Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> connection.answers() <= connection.maxAnswers());
            String mismatch = connection.answerMismatch();
            assertThat(mismatch).as("answers on a fuzz connection still open").isNull();
            connection.close();
        }
        System.out.printf("ProtocolFuzzIT: %d frames sent in %.1f s (%s), %d answers, %d events, errors %s, closes %s%n",
                ledger.framesSent.sum(), seconds, new TreeMap<>(ledger.kindsSent), ledger.answers.sum(), ledger.events.sum(),
                new TreeMap<>(ledger.errorCodes), new TreeMap<>(ledger.closeCodes));

        assertThat(ledger.framesSent.sum()).isGreaterThanOrEqualTo(10_000);
        assertThat(ledger.problems).as("internal errors, wrong closes, answers out of bounds").isEmpty();
        assertThat(ledger.errorCodes).as("error codes").doesNotContainKey("internal_error");
        assertThat(ledger.errorCodes.keySet()).as("error codes in docs/protocol.md").isSubsetOf(documented("^\\| `([a-z_]+)` \\|", "### Error codes", "### REST errors"));
        Set<Integer> closeCodes = documented("^\\| (\\d{4}) \\|", "### Liveness and closing", "## Resuming").stream().map(Integer::valueOf).collect(Collectors.toSet());
        assertThat(ledger.closeCodes.keySet()).as("close codes in docs/protocol.md").isSubsetOf(closeCodes);

        TestApi.Response health = api.get("/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().path("status").asString()).isIn("UP", "DEGRADED");
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        try (WsClient sender = WsClient.connect(api.port(), alice.token()); WsClient receiver = WsClient.connect(api.port(), bob.token())) {
            String clientMsgId = newId();
            sender.send(dm(clientMsgId, bob.username(), "still here"));
            sender.awaitData("message.ack", "clientMsgId", clientMsgId);
            receiver.awaitData("message.create", "content", "still here");
        }
        assertThat(errorLog.list).as("ERROR lines logged during the fuzz").extracting(ILoggingEvent::getFormattedMessage).isEmpty();

        Awaitility.await().atMost(Duration.ofSeconds(30)).alias("live threads back within " + THREAD_SLACK + " of " + baselineThreads)
                .until(ProtocolFuzzIT::liveThreads, threads -> threads <= baselineThreads + THREAD_SLACK);
        Awaitility.await().atMost(Duration.ofSeconds(30)).alias("heap after GC back within 64 MB of " + baselineHeap / 1024 / 1024 + " MB")
                .until(ProtocolFuzzIT::heapAfterGc, heap -> heap <= baselineHeap + HEAP_SLACK_BYTES);
        System.out.printf("ProtocolFuzzIT: threads %d -> %d, heap after GC %d MB -> %d MB%n", baselineThreads, liveThreads(),
                baselineHeap / 1024 / 1024, heapAfterGc() / 1024 / 1024);
    }

    /** The codes (first group of {@code pattern}, matched per line) of a section of docs/protocol.md. */
    private static Set<String> documented(String pattern, String from, String to) throws IOException {
        Path doc = Files.exists(Path.of("../docs/protocol.md")) ? Path.of("../docs/protocol.md") : Path.of("docs/protocol.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        String section = text.substring(text.indexOf(from), text.indexOf(to, text.indexOf(from)));
        Matcher row = Pattern.compile(pattern, Pattern.MULTILINE).matcher(section);
        Set<String> codes = new java.util.HashSet<>();
        while (row.find()) {
            codes.add(row.group(1));
        }
        assertThat(codes).as("codes found in " + from).isNotEmpty();
        return codes;
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
