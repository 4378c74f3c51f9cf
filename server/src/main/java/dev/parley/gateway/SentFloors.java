package dev.parley.gateway;

import java.util.HashMap;
import java.util.Map;

/**
 * Per conversation, the newest seq a connection was sent, by a catch-up or live. A second copy at
 * or below it is a duplicate: a message the catch-up read can still be routed live after it, and
 * in a cluster a partition's new router re-routes the last moments of the old one. Live routing is
 * in seq order per conversation, so nothing new is ever below it. At most {@link #LIMIT}
 * conversations are remembered; beyond that it starts over. Not thread-safe (the connection guards it).
 */
final class SentFloors {

    static final int LIMIT = 4_096;

    private Map<String, Long> floors = new HashMap<>();

    /** Whether {@code seq} is new in its conversation; if it is, it becomes the floor. */
    boolean advance(String conversationId, long seq) {
        Long floor = floors.get(conversationId);
        if (floor != null && seq <= floor) {
            return false;
        }
        if (floor == null && floors.size() >= LIMIT) {
            floors = new HashMap<>();
        }
        floors.put(conversationId, seq);
        return true;
    }

    /** After a catch-up: what it sent (and released), per conversation. */
    void reset(Map<String, Long> sent) {
        floors = new HashMap<>(sent);
    }
}
