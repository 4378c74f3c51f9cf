package dev.parley.routing;

import java.util.Collection;
import java.util.UUID;

/**
 * Where routed events go on this node: its open sessions (the gateway implements it). Sessions on
 * other nodes are reached through {@link Directory} and {@link Forwarder}.
 */
public interface Sessions {

    /** Queues {@code delivery} on every open session of {@code users} except {@code exceptSession}. Never blocks. */
    void deliver(Collection<UUID> users, Delivery delivery, String exceptSession);

    /** Whether any of {@code users} has an open session here: if none has, the event need not even be serialized. */
    boolean holdsAny(Collection<UUID> users);
}
