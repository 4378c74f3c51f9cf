package dev.parley.gateway;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.parley.routing.RoutingCatchUp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * What a stopping node does first (SIGTERM, Ctrl-C, context close), before the web server's
 * graceful shutdown, which would otherwise wait a whole shutdown phase for the open WebSockets:
 * <ol>
 *   <li>readiness is DOWN (Boot publishes it as the context starts closing; here if it did not),
 *       and stays so for {@code readiness-grace} while the node serves as before;</li>
 *   <li>new WebSocket upgrades get 503, new sends {@code shutting_down} ({@link Draining});</li>
 *   <li>every send already handed to the log gets its ack or error, and this node's router routes
 *       the log up to its end, so open sessions have every message acked before;</li>
 *   <li>each connection is closed with 1001, its close frame queued after everything it was sent
 *       ({@link PendingSends}); after {@code answer-timeout} the rest are closed anyway;</li>
 *   <li>it returns once the clients are gone (those that do not finish the close handshake are cut).</li>
 * </ol>
 * The later stages are bean destruction, which runs after every lifecycle stopped, dependents
 * first: the producer is flushed, routing positions committed (cluster mode), the node removed from
 * the registry, the archive consumers stopped after their batch, then Kafka, Redis, the database.
 */
final class Drain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Drain.class);
    /** Stops just before the web server's graceful shutdown (a higher phase stops earlier). */
    static final int PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
    /** A closed client has {@code Outbound.CLOSE_GRACE} to answer the close frame before it is cut; a little more here. */
    private static final Duration GONE_TIMEOUT = Duration.ofSeconds(3);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final SessionRegistry registry;
    private final RoutingCatchUp routing;
    private final Draining draining;
    private final DrainSettings settings;
    private final ApplicationAvailability availability;
    private final ApplicationEventPublisher events;
    private volatile boolean running;

    Drain(SessionRegistry registry, RoutingCatchUp routing, Draining draining, DrainSettings settings, ApplicationAvailability availability,
          ApplicationEventPublisher events) {
        this.registry = registry;
        this.routing = routing;
        this.draining = draining;
        this.settings = settings;
        this.availability = availability;
        this.events = events;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        long started = System.nanoTime();
        if (availability.getReadinessState() != ReadinessState.REFUSING_TRAFFIC) {
            AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        }
        log.info("Stopping: readiness is DOWN; {} WebSocket connections open", registry.connections());
        LockSupport.parkNanos(settings.readinessGrace().toNanos());
        draining.begin();
        long deadline = System.nanoTime() + settings.answerTimeout().toNanos();
        boolean answered = awaitAnswers(deadline);
        boolean delivered = answered && routing.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        log.info("Stopping: new connections and sends refused; every send answered: {}, every acked message routed: {} ({} ms)",
                answered, delivered, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

        int closed = 0;
        for (Connection connection : registry.snapshot()) {
            closed += connection.pendingSends().closeWhenAnswered(() -> connection.close(CloseCodes.GOING_AWAY)) ? 1 : 0;
        }
        // A send answered from now on still goes out before its close; past the deadline the rest close unanswered.
        await(deadline, () -> registry.snapshot().stream().allMatch(c -> c.pendingSends().closed()));
        int unanswered = 0;
        for (Connection connection : registry.snapshot()) {
            unanswered += connection.pendingSends().closeNow(() -> connection.close(CloseCodes.GOING_AWAY));
        }
        await(System.nanoTime() + GONE_TIMEOUT.toNanos(), () -> registry.connections() == 0);
        int cut = registry.connections();
        registry.forEach(Connection::drop);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (unanswered > 0 || cut > 0) {
            log.warn("Stopping: {} connections closed with 1001 in {} ms; {} sends were still unanswered after {}, {} clients cut "
                    + "without a close handshake", closed, millis, unanswered, settings.answerTimeout(), cut);
        } else {
            log.info("Stopping: {} connections closed with 1001 in {} ms, every send answered", closed, millis);
        }
    }

    /**
     * Until every connection was seen with no send pending. Seen once is enough: from the drain on
     * no send reaches the log, so a connection's count can only go up again for a refusal.
     */
    private boolean awaitAnswers(long deadline) {
        java.util.Set<Connection> waiting = new java.util.HashSet<>(registry.snapshot());
        return await(deadline, () -> {
            waiting.removeIf(c -> c.pendingSends().count() == 0);
            return waiting.isEmpty();
        });
    }

    private static boolean await(long deadline, java.util.function.BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
