package dev.parley.routing;

import java.util.Collection;
import java.util.UUID;

/** Hands an event to another node for its sessions of some users (cluster mode: that node's delivery topic). */
public interface Forwarder {

    /**
     * Queues {@code delivery} for the sessions of {@code users} on {@code node}. A message waits for
     * room in the queue (back-pressure on the router, which then lags and makes sends refused);
     * an ephemeral event (typing, receipt) is dropped when the queue is full.
     */
    void forward(String node, Collection<UUID> users, Delivery delivery, String exceptSession);

    /**
     * Queues {@code delivery} for the sessions of {@code users} on every other node, whichever holds
     * them: the registry is away (cluster mode: one record on each node's delivery topic). The same
     * back-pressure as {@link #forward}.
     */
    void broadcast(Collection<UUID> users, Delivery delivery, String exceptSession);

    /** Returns once everything handed over so far has been written to Kafka (a router hands a partition over after it). */
    default void flush() {
    }

    /** One node: nothing is ever forwarded. */
    Forwarder NONE = new Forwarder() {
        @Override
        public void forward(String node, Collection<UUID> users, Delivery delivery, String exceptSession) {
            throw new IllegalStateException("no other node to forward to");
        }

        @Override
        public void broadcast(Collection<UUID> users, Delivery delivery, String exceptSession) {
            throw new IllegalStateException("no other node to broadcast to");
        }
    };
}
