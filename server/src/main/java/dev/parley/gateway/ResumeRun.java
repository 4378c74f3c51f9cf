package dev.parley.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.parley.conversations.ConversationEvent;
import dev.parley.conversations.ResumeSource;
import dev.parley.conversations.ResumeTarget;
import dev.parley.system.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One catch-up of one connection. Why it is gapless and duplicate-free (docs/architecture.md):
 * <ol>
 *   <li>In cluster mode the user is registered in the directory before anything is read: every
 *       catch-up reads it.</li>
 *   <li>The connection holds live message events from before the catch-up reads anything.</li>
 *   <li>The catch-up takes a cut of the log: per partition the archive's position, then every
 *       message of the user's conversations from there up to where live routing has got to. A
 *       message routed before the hold began is below that point, so it is in the archive or in
 *       the cut; one routed after is held.</li>
 *   <li>Per conversation, it sends the archive after the client's position (or the user's read
 *       position) below the archive's position, page by page, each page only once the client has
 *       taken most of the previous one; then the cut's messages after what it sent.</li>
 *   <li>Then, atomically with new deliveries, the held events newer than what was sent go out and
 *       the connection is live. If more arrived than could be held, they are dropped and the
 *       catch-up runs again from where it got to.</li>
 *   <li>A message in the cut that is routed only after step 4 reaches the connection live as well:
 *       the connection drops live copies at or below what the catch-up sent for their conversation
 *       (live routing is in seq order per conversation).</li>
 * </ol>
 */
final class ResumeRun {

    private static final Logger log = LoggerFactory.getLogger(ResumeRun.class);
    /** Warnings that can repeat per message, record or connection under load: the first at once, then a count every 5 s. */
    private static final ThrottledLog throttled = ThrottledLog.of(log);
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
    /** Conversations the catch-up sent events in: only their live copies need filtering afterwards. */
    private final java.util.Set<String> sentIn = ConcurrentHashMap.newKeySet();

    private final GatewayMetrics metrics;
    private final long started = System.nanoTime();

    ResumeRun(Connection connection, ResumeSource source, Map<String, Long> requested, GatewayMetrics metrics) {
        this.connection = connection;
        this.metrics = metrics;
        this.source = source;
        this.positions = new ConcurrentHashMap<>(requested);
    }

    /** Runs the catch-up; the returned Mono completes when the connection is live (or failed and was closed). */
    Mono<Void> run() {
        // Registered first (cluster mode): a message routed before other routers could find this node is in the catch-up.
        return connection.registered().then(Mono.defer(() -> round(1))).doFinally(signal -> connection.resumeEnded()).onErrorResume(error -> {
            metrics.resumeFailed();
            throttled.warn("Resume of {} failed: {}", connection.user().username(), error.toString());
            connection.close(CloseCodes.RESUME_FAILED);
            return Mono.empty();
        });
    }

    private Mono<Void> round(int round) {
        return source.catchUp(connection.user().userId())
                .doOnNext(catchUp -> keepOnly(catchUp.targets()))
                .flatMap(catchUp -> Flux.fromIterable(catchUp.targets())
                        .concatMap(target -> catchUp(target, catchUp.unarchived().getOrDefault(target.conversationId(), List.of()),
                                catchUp.deletedBeyond()))
                        .then())
                .then(waitForRoom(Duration.ZERO)) // what is released next must fit beside what the client has not read yet
                .then(Mono.defer(() -> {
                    if (connection.goLive(positions, sentIn)) {
                        metrics.resumed(started, sent.get());
                        connection.send(new Frames.Frame("resume.done", new Frames.ResumeDone(sent.get(), readPositions)));
                        return Mono.empty();
                    }
                    if (round >= MAX_ROUNDS) {
                        return Mono.error(new IllegalStateException("live traffic outran " + MAX_ROUNDS + " catch-up rounds"));
                    }
                    return round(round + 1);
                }));
    }

    /** Positions the client named for conversations the user is not in are not kept (nor used) for the rest of the run. */
    private void keepOnly(List<ResumeTarget> targets) {
        java.util.Set<String> mine = new java.util.HashSet<>();
        targets.forEach(target -> mine.add(target.conversationId()));
        positions.keySet().retainAll(mine);
    }

    /** The conversations whose positions this run keeps (tests). */
    java.util.Set<String> positionsKept() {
        return java.util.Set.copyOf(positions.keySet());
    }

    private Mono<Void> catchUp(ResumeTarget target, List<ConversationEvent> unarchived, Map<java.util.UUID, java.time.Instant> deletedBeyond) {
        if (target.readSeq() != null) {
            synchronized (readPositions) {
                readPositions.put(target.conversationId(), target.readSeq());
            }
        }
        String id = target.conversationId();
        long from = positions.computeIfAbsent(id, ignored -> target.readSeq() == null ? -1L : target.readSeq());
        Mono<Void> archived = Math.min(target.lastArchived(), target.archivedUpTo() - 1) > from ? pages(id, target.archivedUpTo(), deletedBeyond) : Mono.empty();
        return archived.then(Mono.defer(() -> {
            long after = positions.get(id);
            return paced(id, unarchived.stream().filter(m -> m.seq() > after).toList(), 0);
        }));
    }

    private Mono<Void> pages(String conversationId, long before, Map<java.util.UUID, java.time.Instant> deletedBeyond) {
        return Mono.defer(() -> source.archived(conversationId, positions.get(conversationId), before, PAGE, deletedBeyond))
                .flatMap(page -> paced(conversationId, page, 0)
                        .then(Mono.defer(() -> page.size() == PAGE && !connection.isClosing() ? pages(conversationId, before, deletedBeyond)
                                : Mono.empty())));
    }

    /**
     * Sends while the client has room (under half of its outbound bounds), then waits until it has
     * taken most of that: a backlog of large messages never trips the slow-consumer limit.
     */
    private Mono<Void> paced(String conversationId, List<ConversationEvent> messages, int from) {
        int i = from;
        while (i < messages.size() && connection.hasRoom() && !connection.isClosing()) {
            ConversationEvent message = messages.get(i++);
            connection.send(new Frames.Frame(message.type(), message.data()));
            positions.put(conversationId, message.seq());
            sentIn.add(conversationId);
            sent.incrementAndGet();
        }
        if (i >= messages.size() || connection.isClosing()) {
            return Mono.empty();
        }
        int next = i;
        return waitForRoom(Duration.ZERO).then(Mono.defer(() -> paced(conversationId, messages, next)));
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
