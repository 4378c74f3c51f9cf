package dev.parley.cluster;

import java.util.UUID;

/** Every Redis key and channel cluster mode uses, under one prefix (several clusters or test runs can share a Redis). */
record RedisKeys(String prefix) {

    /** This node is alive (expires {@code node-ttl} after its last heartbeat). */
    String node(String nodeId) {
        return prefix + ":node:" + nodeId;
    }

    /** The nodes holding a session of this user (a set). */
    String user(UUID userId) {
        return prefix + ":user:" + userId;
    }

    /** When this node was first seen dead (its delivery topic goes after a grace period). */
    String gone(String nodeId) {
        return prefix + ":gone:" + nodeId;
    }

    /** Channel of room membership changes. */
    String roomChanges() {
        return prefix + ":rooms";
    }
}
