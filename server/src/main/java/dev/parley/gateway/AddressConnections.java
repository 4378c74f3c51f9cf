package dev.parley.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open WebSocket connections per client address on this node. An address has an entry only while
 * it has connections open, so the map is bounded by the connections themselves.
 */
final class AddressConnections {

    private final Map<String, Integer> open = new ConcurrentHashMap<>();
    private final int max;

    AddressConnections(int max) {
        this.max = max;
    }

    /** Counts one more connection from {@code address}; false, counting nothing, when it already has the most allowed. */
    boolean tryOpen(String address) {
        boolean[] admitted = {false};
        open.compute(address, (a, n) -> {
            int count = n == null ? 0 : n;
            if (count >= max) {
                return n;
            }
            admitted[0] = true;
            return count + 1;
        });
        return admitted[0];
    }

    void closed(String address) {
        open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    int openFrom(String address) {
        return open.getOrDefault(address, 0);
    }
}
