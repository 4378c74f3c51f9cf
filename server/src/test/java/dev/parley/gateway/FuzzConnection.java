package dev.parley.gateway;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.parley.gateway.FuzzFrames.Fuzz;
import dev.parley.support.Json;
import dev.parley.support.RawWebSocket;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

/**
 * One raw WebSocket of the fuzzer: sends frames without waiting, while its own thread reads and
 * counts the answers and records error codes and the close code into a shared {@link Ledger}.
 */
final class FuzzConnection implements AutoCloseable {

    /** Frames that answer a client frame; presence, receipt, typing and message.create are events, not answers. */
    static final Set<String> ANSWER_TYPES = Set.of("error", "pong", "message.ack", "room.joined", "room.left", "history", "resume.done");

    /** What all connections saw, for the assertions at the end. */
    static final class Ledger {
        final LongAdder framesSent = new LongAdder();
        final LongAdder answers = new LongAdder();
        final LongAdder events = new LongAdder();
        final Map<String, LongAdder> errorCodes = new ConcurrentHashMap<>();
        final Map<Integer, LongAdder> closeCodes = new ConcurrentHashMap<>();
        final Map<String, LongAdder> kindsSent = new ConcurrentHashMap<>();
        final List<String> problems = new CopyOnWriteArrayList<>();

        <K> void count(Map<K, LongAdder> counts, K key) {
            counts.computeIfAbsent(key, k -> new LongAdder()).increment();
        }
    }

    private final RawWebSocket socket;
    private final Ledger ledger;
    private final AtomicInteger answers = new AtomicInteger();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    /** The last frames sent, to name them when something goes wrong. */
    private final Deque<String> recent = new ArrayDeque<>();
    private int minAnswers;
    private int maxAnswers;

    private FuzzConnection(RawWebSocket socket, Ledger ledger) {
        this.socket = socket;
        this.ledger = ledger;
        Thread.ofPlatform().daemon().name("fuzz-reader").start(this::read);
    }

    static FuzzConnection open(int port, String token, Ledger ledger) {
        try {
            return new FuzzConnection(RawWebSocket.connect(port, token), ledger);
        } catch (IOException e) {
            throw new AssertionError("the node refused a new WebSocket during the fuzz", e);
        }
    }

    /** Sends without waiting for the answer; false when the connection is already gone. */
    boolean send(Fuzz frame) {
        if (closed.isDone()) {
            return false;
        }
        synchronized (recent) {
            recent.addLast(frame.describe());
            if (recent.size() > 10) {
                recent.removeFirst();
            }
        }
        minAnswers += frame.minAnswers();
        maxAnswers += frame.maxAnswers();
        ledger.framesSent.increment();
        ledger.count(ledger.kindsSent, frame.kind());
        try {
            socket.sendFrame(true, frame.opcode(), frame.payload());
            return true;
        } catch (IOException e) {
            // The server closed first (its close frame is on its way to the reader) or reset the connection.
            return false;
        }
    }

    /** Waits until every frame sent so far that must be answered was (or the connection ended). */
    void awaitDueAnswers() {
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .alias("answers to the frames sent on a fuzz connection; the last sent: " + recent())
                .until(() -> answers.get() >= minAnswers || closed.isDone());
    }

    /** The close code the server sent (-1: the connection ended without a close frame). */
    int awaitClose() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).alias("the close of a fuzz connection after " + recent()).until(closed::isDone);
        return closed.join();
    }

    boolean isClosed() {
        return closed.isDone();
    }

    /** Answers outside what the frames sent allow, as a problem for the ledger (null when in bounds). */
    String answerMismatch() {
        int got = answers.get();
        return got >= minAnswers && got <= maxAnswers ? null
                : "got " + got + " answers where " + minAnswers + ".." + maxAnswers + " were due; the last frames sent: " + recent();
    }

    int answers() {
        return answers.get();
    }

    int maxAnswers() {
        return maxAnswers;
    }

    private String recent() {
        synchronized (recent) {
            return String.join("\n  ", recent);
        }
    }

    private void read() {
        try {
            RawWebSocket.Frame frame;
            while ((frame = socket.read()) != null) {
                if (frame.opcode() == RawWebSocket.TEXT) {
                    onText(frame.text());
                } else if (frame.opcode() == RawWebSocket.CLOSE) {
                    closed.complete(frame.closeCode());
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            ledger.problems.add("reading a fuzz connection failed: " + e);
        } finally {
            closed.complete(-1);
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    private void onText(String text) {
        JsonNode frame;
        try {
            frame = Json.read(text);
        } catch (RuntimeException e) {
            ledger.problems.add("the server sent a frame that is not JSON: " + text);
            return;
        }
        String type = frame.path("type").asString();
        if (!ANSWER_TYPES.contains(type)) {
            ledger.events.increment();
            return;
        }
        answers.incrementAndGet();
        ledger.answers.increment();
        if (type.equals("error")) {
            String code = frame.path("data").path("code").asString();
            ledger.count(ledger.errorCodes, code);
            if (code.equals("internal_error")) {
                ledger.problems.add("internal_error " + frame + " after " + recent());
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.sendFrame(true, RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xe8});
        } catch (IOException ignored) {
            // the server may have closed first
        }
        awaitClose();
    }
}
