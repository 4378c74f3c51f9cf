package dev.parley.cluster;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The other nodes, as Kafka knows them: every node that has a delivery topic. This is whom an event
 * goes to while Redis cannot say who holds whom, so it is kept fresh all the time (listed at start,
 * then every {@link #REFRESH}), not fetched when Redis fails. A topic of a node that died lingers
 * until the janitor deletes it, which costs a few unread records, not correctness.
 */
final class KnownNodes {

    private static final Logger log = LoggerFactory.getLogger(KnownNodes.class);
    static final Duration REFRESH = Duration.ofSeconds(5);

    private final Admin admin;
    private final String self;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-known-nodes");
        t.setDaemon(true);
        return t;
    });
    private volatile Set<String> others = Set.of();

    KnownNodes(Admin admin, String self) {
        this.admin = admin;
        this.self = self;
    }

    /** Lists the nodes once (failing the start if Kafka does not answer), then keeps the list fresh. */
    void start() {
        try {
            remember(admin.listTopics().names().get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new IllegalStateException("Could not list the cluster's delivery topics: " + e, e);
        }
        timer.scheduleWithFixedDelay(this::refresh, REFRESH.toMillis(), REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop() {
        timer.shutdownNow();
    }

    /** Never blocks. */
    Set<String> others() {
        return others;
    }

    private void refresh() {
        try {
            remember(admin.listTopics().names().get(REFRESH.toMillis(), TimeUnit.MILLISECONDS));
        } catch (Exception e) {
            log.debug("Could not refresh the list of nodes ({}); keeping the last one", e.toString());
        }
    }

    private void remember(Set<String> topics) {
        others = topics.stream().map(NodeTopics::nodeOf).filter(node -> node != null && !node.equals(self))
                .collect(Collectors.toUnmodifiableSet());
    }
}
