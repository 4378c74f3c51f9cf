package dev.parley.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.parley.system.ClusterSettings;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the delivery topics of nodes that are gone. Every node looks once a minute; a node whose
 * liveness key is missing is marked in Redis the first time it is seen dead ({@code <prefix>:gone:<id>},
 * set only if absent), and its topic is deleted once the mark is older than the grace period. A node
 * that comes back (same id) renews its liveness key and creates its topic again, before it takes a
 * session; it also clears its mark.
 */
final class NodeTopicJanitor {

    private static final Logger log = LoggerFactory.getLogger(NodeTopicJanitor.class);
    private static final Duration EVERY = Duration.ofMinutes(1);

    private final Admin admin;
    private final RedisAsyncCommands<String, String> redis;
    private final ClusterSettings settings;
    private final RedisKeys keys;
    private final Duration grace;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-node-topic-janitor");
        t.setDaemon(true);
        return t;
    });

    NodeTopicJanitor(Admin admin, RedisAsyncCommands<String, String> redis, ClusterSettings settings, Duration grace) {
        this.admin = admin;
        this.redis = redis;
        this.settings = settings;
        this.keys = new RedisKeys(settings.keyPrefix());
        this.grace = grace;
    }

    public void start() {
        redis.del(keys.gone(settings.nodeId()));
        timer.scheduleWithFixedDelay(this::sweepQuietly, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stop() {
        timer.shutdownNow();
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (Exception e) {
            log.debug("Delivery topic sweep skipped: {}", e.toString());
        }
    }

    /** One pass: returns the topics deleted. */
    List<String> sweep() throws Exception {
        Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<String> deleted = new java.util.ArrayList<>();
        long now = System.currentTimeMillis();
        for (String topic : topics) {
            String node = NodeTopics.nodeOf(topic);
            if (node == null || node.equals(settings.nodeId()) || redis.exists(keys.node(node)).get(5, TimeUnit.SECONDS) > 0) {
                continue;
            }
            String gone = keys.gone(node);
            redis.set(gone, String.valueOf(now), SetArgs.Builder.nx().px(Math.max(grace.toMillis() * 10, 600_000))).get(5, TimeUnit.SECONDS);
            long since = Long.parseLong(redis.get(gone).get(5, TimeUnit.SECONDS));
            if (now - since >= grace.toMillis()) {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                redis.del(gone);
                deleted.add(topic);
                log.info("Deleted delivery topic {}: node {} has been gone for {} s", topic, node, (now - since) / 1000);
            }
        }
        return deleted;
    }

}
