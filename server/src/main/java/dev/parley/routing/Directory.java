package dev.parley.routing;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * Which other nodes hold sessions of which users. One node alone needs none ({@link #SINGLE_NODE});
 * in cluster mode the registry lives in Redis (dev.parley.cluster).
 */
public interface Directory {

    /** Whether other nodes may hold sessions at all: without, routing skips the lookup. */
    boolean clustered();

    /**
     * The nodes other than this one holding a session of any of {@code users}, with those users.
     * Blocking, for the router's thread; throws {@link DirectoryUnavailableException} when the
     * registry does not answer (routing then goes to every node: NodeLookup).
     */
    Map<String, Set<UUID>> elsewhere(Collection<UUID> users);

    /** The same lookup for callers on an event loop. */
    Mono<Map<String, Set<UUID>>> elsewhereLater(Collection<UUID> users);

    /**
     * A session of {@code user} opened on this node. The lookup is sent at once (callers call this
     * and {@link #closed} in the order sessions open and close); the Mono completes when every
     * router will find the user here, which a catch-up must wait for (docs/architecture.md).
     */
    Mono<Void> opened(UUID user);

    /** The last session of {@code user} on this node closed. */
    void closed(UUID user);

    /** One node: every session is local. */
    Directory SINGLE_NODE = new Directory() {
        @Override
        public boolean clustered() {
            return false;
        }

        @Override
        public Map<String, Set<UUID>> elsewhere(Collection<UUID> users) {
            return Map.of();
        }

        @Override
        public Mono<Map<String, Set<UUID>>> elsewhereLater(Collection<UUID> users) {
            return Mono.just(Map.of());
        }

        @Override
        public Mono<Void> opened(UUID user) {
            return Mono.empty();
        }

        @Override
        public void closed(UUID user) {
        }
    };
}
