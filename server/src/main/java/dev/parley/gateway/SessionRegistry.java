package dev.parley.gateway;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.parley.routing.Delivery;
import dev.parley.routing.Directory;
import org.springframework.context.ApplicationEventPublisher;
import dev.parley.routing.Sessions;

/**
 * The open connections of this node, by user. Routing hands it one serialized event and a set of
 * users; every open session of each of them gets the same bytes.
 */
public final class SessionRegistry implements Sessions {

    private final Map<UUID, Set<Connection>> byUser = new ConcurrentHashMap<>();
    private final Directory directory;
    private final ApplicationEventPublisher events;

    SessionRegistry(Directory directory, ApplicationEventPublisher events) {
        this.directory = directory;
        this.events = events;
    }

    /**
     * Adds the connection and registers its user in the cluster's directory, unless the user already
     * has {@code maxPerUser} connections here (then false, and nothing changes). All of it happens
     * inside the map's atomic step for that user: a concurrent remove() emptying the same user's set
     * must not drop the new connection with it, the directory must see "opened" and "closed" in the
     * order they happened here, and two connections at once cannot both take the last place.
     */
    boolean add(Connection connection, int maxPerUser) {
        boolean[] first = {false};
        boolean[] added = {false};
        byUser.compute(connection.user().userId(), (id, set) -> {
            if (set != null && set.size() >= maxPerUser) {
                return set;
            }
            first[0] = set == null;
            added[0] = true;
            Set<Connection> connections = set == null ? ConcurrentHashMap.newKeySet() : set;
            connections.add(connection);
            connection.registered(directory.opened(id).cache());
            return connections;
        });
        if (first[0]) {
            connection.registered().subscribe(null, error -> { },
                    () -> events.publishEvent(new SessionsChanged(connection.user(), true)));
        }
        return added[0];
    }

    void remove(Connection connection) {
        boolean[] last = {false};
        byUser.computeIfPresent(connection.user().userId(), (id, set) -> {
            if (set.remove(connection) && set.isEmpty()) {
                directory.closed(id);
                last[0] = true;
                return null;
            }
            return set.isEmpty() ? null : set;
        });
        if (last[0]) {
            events.publishEvent(new SessionsChanged(connection.user(), false));
        }
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

    /** Every open connection now. */
    List<Connection> snapshot() {
        List<Connection> all = new java.util.ArrayList<>(connections());
        forEach(all::add);
        return all;
    }

    void forEach(java.util.function.Consumer<Connection> action) {
        byUser.values().forEach(connections -> connections.forEach(action));
    }

    /** Open sessions of one user on this node. */
    public int sessionsOf(UUID user) {
        Set<Connection> connections = byUser.get(user);
        return connections == null ? 0 : connections.size();
    }

    public int connections() {
        return byUser.values().stream().mapToInt(Set::size).sum();
    }

    public int connectedUsers() {
        return byUser.size();
    }
}
