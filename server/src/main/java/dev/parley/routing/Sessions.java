package dev.parley.routing;

import java.util.Collection;
import java.util.UUID;

/**
 * Where routed events go: the open sessions of this node (the gateway implements it). A seam
 * because cluster mode adds a second implementation that forwards to the nodes holding the users.
 */
public interface Sessions {

    /** Queues {@code delivery} on every open session of {@code users} except {@code exceptSession}. Never blocks. */
    void deliver(Collection<UUID> users, Delivery delivery, String exceptSession);

    /** Whether any of {@code users} has an open session here: if none has, the event need not even be serialized. */
    boolean holdsAny(Collection<UUID> users);
}
