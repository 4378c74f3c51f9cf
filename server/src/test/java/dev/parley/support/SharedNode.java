package dev.parley.support;

import java.util.Map;

/**
 * One node on the embedded database shared by the test classes that do not disturb it (saves a
 * broker start per class). Spring's shutdown hook closes it when the test JVM exits.
 */
public final class SharedNode {

    private static ParleyNode node;

    private SharedNode() {
    }

    public static synchronized ParleyNode get() {
        if (node == null) {
            node = ParleyNode.start(TestDirs.fresh("shared"), Map.of());
        }
        return node;
    }
}
