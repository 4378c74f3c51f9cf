package dev.parley.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.parley.routing.Directory;
import dev.parley.routing.DirectoryUnavailableException;
import dev.parley.system.ClusterSettings;
import io.lettuce.core.KeyValue;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import dev.parley.system.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The registry in Redis. Two kinds of keys, no scans:
 * <ul>
 *   <li>{@code <prefix>:node:<id>}: this node is alive; renewed every heartbeat, it expires
 *       {@code node-ttl} after a crash, and from then on every route to that node is ignored;</li>
 *   <li>{@code <prefix>:user:<id>}: the set of nodes holding a session of that user. A node adds
 *       itself when a session opens and removes itself when the user's last session here closes;
 *       it renews the key's expiry for its users every third of {@code user-ttl}, so the entry of a
 *       crashed node goes away by itself, and readers drop dead members they come across.</li>
 * </ul>
 * Lettuce's async API writes each command when it is called, in call order, on one connection:
 * that is what keeps a session's "opened" ahead of its "closed" (see SessionRegistry).
 */
final class RedisDirectory implements Directory {

    private static final Logger log = LoggerFactory.getLogger(RedisDirectory.class);
    /** Warnings that can repeat per message, record or connection under load: the first at once, then a count every 5 s. */
    private static final ThrottledLog throttled = ThrottledLog.of(log);

    private final RedisAsyncCommands<String, String> redis;
    private final ClusterSettings settings;
    private final Duration timeout;
    private final RedisKeys keys;
    private final String nodeKey;
    private final Set<UUID> local = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-registry-heartbeat");
        t.setDaemon(true);
        return t;
    });

    RedisDirectory(RedisAsyncCommands<String, String> redis, ClusterSettings settings, Duration timeout) {
        this.redis = redis;
        this.settings = settings;
        this.timeout = timeout;
        this.keys = new RedisKeys(settings.keyPrefix());
        this.nodeKey = keys.node(settings.nodeId());
    }

    /** Announces the node (failing the start if Redis does not answer), then keeps it alive. */
    public void start() {
        await(heartbeat(), "announcing node " + settings.nodeId());
        long beat = settings.heartbeat().toMillis();
        timer.scheduleWithFixedDelay(() -> heartbeat().exceptionally(e -> {
            throttled.warn("Registry heartbeat failed: {}", e.toString());
            return null;
        }), beat, beat, TimeUnit.MILLISECONDS);
        long renew = settings.userTtl().toMillis() / 3;
        timer.scheduleWithFixedDelay(this::renewUsers, renew, renew, TimeUnit.MILLISECONDS);
        log.info("Cluster node {} registered in Redis (prefix {})", settings.nodeId(), settings.keyPrefix());
    }

    /**
     * Redis came back (after a restart it may have lost everything): announce the node and every
     * user held here again at once, rather than at the next renewal. Until that lands a router can
     * miss a user here; docs/architecture.md says what that costs.
     */
    void reconnected() {
        heartbeat();
        renewUsers();
        log.info("Registry connection back: node {} and its {} users registered again", settings.nodeId(), local.size());
    }

    /** A clean stop: the node and its routes go at once instead of when they expire. */
    public void stop() {
        timer.shutdownNow();
        try {
            List<CompletableFuture<?>> pending = new ArrayList<>();
            pending.add(redis.del(nodeKey).toCompletableFuture());
            for (UUID user : local) {
                pending.add(redis.srem(keys.user(user), settings.nodeId()).toCompletableFuture());
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("Could not remove node {} from the registry ({}); its entries expire by themselves", settings.nodeId(), e.toString());
        }
    }

    String nodeId() {
        return settings.nodeId();
    }

    @Override
    public boolean clustered() {
        return true;
    }

    @Override
    public Mono<Void> opened(UUID user) {
        local.add(user);
        String key = keys.user(user);
        CompletableFuture<Long> added = redis.sadd(key, settings.nodeId()).toCompletableFuture();
        CompletableFuture<Boolean> expires = redis.pexpire(key, settings.userTtl().toMillis()).toCompletableFuture();
        // No timeout of its own: Lettuce times commands out (a second one would leave this error to be dropped noisily).
        return Mono.fromFuture(CompletableFuture.allOf(added, expires), true)
                .onErrorMap(e -> new DirectoryUnavailableException("registering " + user + " failed: " + e, e));
    }

    @Override
    public void closed(UUID user) {
        local.remove(user);
        redis.srem(keys.user(user), settings.nodeId()).exceptionally(e -> {
            log.debug("Could not remove {} from the registry ({}); the entry expires by itself", user, e.toString());
            return null;
        });
    }

    @Override
    public Map<String, Set<UUID>> elsewhere(Collection<UUID> users) {
        return await(lookup(users), "looking up " + users.size() + " users");
    }

    @Override
    public Mono<Map<String, Set<UUID>>> elsewhereLater(Collection<UUID> users) {
        return Mono.fromFuture(lookup(users), true);
    }

    /** Every user's node set (pipelined), then which of those nodes are alive (one MGET). */
    private CompletableFuture<Map<String, Set<UUID>>> lookup(Collection<UUID> users) {
        List<UUID> asked = List.copyOf(users);
        List<CompletableFuture<Set<String>>> sets = new ArrayList<>(asked.size());
        for (UUID user : asked) {
            sets.add(redis.smembers(keys.user(user)).toCompletableFuture());
        }
        return CompletableFuture.allOf(sets.toArray(CompletableFuture[]::new)).thenCompose(done -> {
            Map<String, Set<UUID>> byNode = new HashMap<>();
            for (int i = 0; i < asked.size(); i++) {
                for (String node : sets.get(i).join()) {
                    if (!node.equals(settings.nodeId())) {
                        byNode.computeIfAbsent(node, n -> new HashSet<>()).add(asked.get(i));
                    }
                }
            }
            if (byNode.isEmpty()) {
                return CompletableFuture.completedFuture(byNode);
            }
            List<String> nodes = List.copyOf(byNode.keySet());
            return redis.mget(nodes.stream().map(keys::node).toArray(String[]::new)).toCompletableFuture()
                    .thenApply(alive -> onlyAlive(byNode, nodes, alive));
        });
    }

    private Map<String, Set<UUID>> onlyAlive(Map<String, Set<UUID>> byNode, List<String> nodes, List<KeyValue<String, String>> alive) {
        for (int i = 0; i < nodes.size(); i++) {
            if (!alive.get(i).hasValue()) {
                String dead = nodes.get(i);
                for (UUID user : byNode.remove(dead)) {
                    redis.srem(keys.user(user), dead); // a crashed node's route: tidied by whoever finds it
                }
            }
        }
        return byNode;
    }

    private CompletableFuture<String> heartbeat() {
        return redis.set(nodeKey, String.valueOf(System.currentTimeMillis()), SetArgs.Builder.px(settings.nodeTtl().toMillis()))
                .toCompletableFuture();
    }

    private void renewUsers() {
        long ttl = settings.userTtl().toMillis();
        for (UUID user : local) {
            String key = keys.user(user);
            redis.sadd(key, settings.nodeId()); // a Redis that restarted without its data learns the route again
            redis.pexpire(key, ttl);
        }
    }

    private <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DirectoryUnavailableException(what + " was interrupted", e);
        } catch (Exception e) {
            throw new DirectoryUnavailableException(what + " in Redis failed: " + e, e);
        }
    }

}
