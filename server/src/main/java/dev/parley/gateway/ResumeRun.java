package dev.parley.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.parley.history.MessageView;
import dev.parley.history.ResumeSource;
import dev.parley.history.ResumeTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One catch-up of one connection. Why it is gapless and duplicate-free:
 * <ol>
 *   <li>The connection holds live message events from before the first archive read (they are
 *       delivered only after the archive commit, so each is either already readable or arrives held).</li>
 *   <li>For every conversation of the user, the archive is read after the client's position (or,
 *       for a conversation the client did not name, after the user's read position) and sent in seq
 *       order, page by page, each page only once the client has taken most of the previous one.</li>
 *   <li>Then, atomically with new deliveries, the held events newer than what was sent go out and
 *       the connection is live. If more events arrived than could be held, they are dropped and
 *       step 2 runs again from where it got to: they are all in the archive.</li>
 *   <li>A message committed before its archive read but routed only after step 3 reaches the
 *       connection live as well: the connection drops live copies at or below what the catch-up
 *       sent for their conversation (live routing is in seq order per conversation).</li>
 * </ol>
 */
final class ResumeRun {

    private static final Logger log = LoggerFactory.getLogger(ResumeRun.class);
    static final int PAGE = 100;
    static final int MAX_ROUNDS = 10;
    private static final Duration ROOM_POLL = Duration.ofMillis(20);
    private static final Duration ROOM_WAIT = Duration.ofSeconds(30);

    private final Connection connection;
    private final ResumeSource source;
    /** The newest seq the client has, per conversation: what it told us, then what we sent. */
    private final Map<String, Long> positions;
    private final Map<String, Long> readPositions = new TreeMap<>();
    private final AtomicInteger sent = new AtomicInteger();

    ResumeRun(Connection connection, ResumeSource source, Map<String, Long> requested) {
        this.connection = connection;
        this.source = source;
        this.positions = new ConcurrentHashMap<>(requested);
    }

    void start() {
        round(1).doFinally(signal -> connection.resumeEnded()).subscribe(null, error -> {
            log.warn("Resume of {} failed: {}", connection.user().username(), error.toString());
            connection.close(CloseCodes.RESUME_FAILED);
        });
    }

    private Mono<Void> round(int round) {
        return source.targets(connection.user().userId())
                .flatMapMany(Flux::fromIterable)
                .concatMap(this::catchUp)
                .then(Mono.defer(() -> {
                    if (connection.goLive(positions)) {
                        connection.send(new Frames.Frame("resume.done", new Frames.ResumeDone(sent.get(), readPositions)));
                        return Mono.empty();
                    }
                    if (round >= MAX_ROUNDS) {
                        return Mono.error(new IllegalStateException("live traffic outran " + MAX_ROUNDS + " catch-up rounds"));
                    }
                    return round(round + 1);
                }));
    }

    private Mono<Void> catchUp(ResumeTarget target) {
        if (target.readSeq() != null) {
            synchronized (readPositions) {
                readPositions.put(target.conversationId(), target.readSeq());
            }
        }
        long from = positions.computeIfAbsent(target.conversationId(), id -> target.readSeq() == null ? -1L : target.readSeq());
        return target.lastSeq() > from ? pages(target.conversationId()) : Mono.empty();
    }

    private Mono<Void> pages(String conversationId) {
        return waitForRoom(Duration.ZERO)
                .then(Mono.defer(() -> source.after(conversationId, positions.get(conversationId), PAGE)))
                .flatMap(page -> {
                    for (MessageView message : page) {
                        connection.send(new Frames.Frame("message.create", message));
                        positions.put(conversationId, message.seq());
                    }
                    sent.addAndGet(page.size());
                    return page.size() == PAGE && !connection.isClosing() ? pages(conversationId) : Mono.empty();
                });
    }

    private Mono<Void> waitForRoom(Duration waited) {
        if (connection.hasRoom() || connection.isClosing()) {
            return Mono.empty();
        }
        if (waited.compareTo(ROOM_WAIT) > 0) {
            return Mono.error(new IllegalStateException("client did not read its catch-up for " + ROOM_WAIT));
        }
        return Mono.delay(ROOM_POLL).then(Mono.defer(() -> waitForRoom(waited.plus(ROOM_POLL))));
    }
}
