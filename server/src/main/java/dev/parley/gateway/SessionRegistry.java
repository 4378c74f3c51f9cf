package dev.parley.gateway;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.parley.routing.Delivery;
import dev.parley.routing.Sessions;

/**
 * The open connections of this node, by user. Routing hands it one serialized event and a set of
 * users; every open session of each of them gets the same bytes.
 */
public final class SessionRegistry implements Sessions {

    private final Map<UUID, Set<Connection>> byUser = new ConcurrentHashMap<>();

    void add(Connection connection) {
        // Added inside the map's atomic step: a concurrent remove() emptying the same user's set must not drop it with it.
        byUser.compute(connection.user().userId(), (id, set) -> {
            Set<Connection> connections = set == null ? ConcurrentHashMap.newKeySet() : set;
            connections.add(connection);
            return connections;
        });
    }

    void remove(Connection connection) {
        byUser.computeIfPresent(connection.user().userId(), (id, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * Queues the delivery on every open session of {@code users}, except the session
     * {@code exceptSession} (a sender's own, which gets an ack instead). Never blocks.
     */
    @Override
    public void deliver(Collection<UUID> users, Delivery delivery, String exceptSession) {
        for (UUID user : users) {
            Set<Connection> connections = byUser.get(user);
            if (connections == null) {
                continue;
            }
            for (Connection connection : connections) {
                if (!connection.id().equals(exceptSession)) {
                    connection.deliver(delivery);
                }
            }
        }
    }

    @Override
    public boolean holdsAny(Collection<UUID> users) {
        for (UUID user : users) {
            if (byUser.containsKey(user)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Drops every connection of a user at the TCP level, without a close frame, as a network
     * failure would (operations and tests use it to exercise reconnect and resume).
     */
    public int dropConnections(UUID user) {
        // A copy: a dropped connection leaves the live set from its event loop, possibly before we count.
        List<Connection> connections = List.copyOf(byUser.getOrDefault(user, Set.of()));
        connections.forEach(Connection::drop);
        return connections.size();
    }

    void forEach(java.util.function.Consumer<Connection> action) {
        byUser.values().forEach(connections -> connections.forEach(action));
    }

    /** Open sessions of one user on this node. */
    public int sessionsOf(UUID user) {
        Set<Connection> connections = byUser.get(user);
        return connections == null ? 0 : connections.size();
    }

    public int connectedUsers() {
        return byUser.size();
    }
}
