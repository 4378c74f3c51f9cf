package dev.parley.routing;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's question to the registry, "which other nodes hold these users?", with its answer
 * while the registry is away: every node ({@code null}, meaning broadcast).
 * <p>
 * Once the registry failed, it is asked again at most once per {@link #RETRY}, so a router does
 * not wait for a timeout on every batch. Once it answers again, routing still broadcasts for
 * {@code grace}: a Redis that restarted empty knows a node's users only after that node has
 * reconnected and registered them again, and a node that has not done so within the node TTL
 * counts as dead by the registry's own rule anyway.
 */
final class NodeLookup {

    private static final Logger log = LoggerFactory.getLogger(NodeLookup.class);
    static final Duration RETRY = Duration.ofSeconds(1);

    private final Directory directory;
    private final long graceNanos;
    private final LongSupplier clock;
    private volatile boolean broadcasting;
    private long broadcastUntil;
    private long askAgainAt;

    NodeLookup(Directory directory, Duration grace, LongSupplier clock) {
        this.directory = directory;
        this.graceNanos = grace.toNanos();
        this.clock = clock;
    }

    boolean clustered() {
        return directory.clustered();
    }

    /** Called by the router's one thread only. {@code null}: the registry cannot say, deliver to every node. */
    Map<String, Set<UUID>> elsewhere(Set<UUID> users) {
        long now = clock.getAsLong();
        if (broadcasting && now - askAgainAt < 0) {
            return null;
        }
        try {
            Map<String, Set<UUID>> nodes = directory.elsewhere(users);
            if (broadcasting && now - broadcastUntil < 0) {
                askAgainAt = now + RETRY.toNanos();
                return null;
            }
            if (broadcasting) {
                broadcasting = false;
                log.info("Registry answers again: routing by it instead of broadcasting to every node");
            }
            return nodes;
        } catch (DirectoryUnavailableException e) {
            if (!broadcasting) {
                log.warn("Registry unavailable ({}): routing to every node until it is back", e.getMessage());
            }
            broadcasting = true;
            askAgainAt = now + RETRY.toNanos();
            broadcastUntil = now + graceNanos;
            return null;
        }
    }

    /** For /health: whether routing broadcast its last batch instead of asking the registry (an idle router does not ask). */
    boolean broadcasting() {
        return broadcasting;
    }
}
