package dev.parley.conversations;

import java.util.Set;
import java.util.UUID;

/**
 * Conversation ids. A direct conversation's id is built from both user ids in a fixed order, so
 * both sides name it the same: {@code dm:<smaller uuid>:<larger uuid>}. Rooms are {@code room:<name>}.
 * A direct message to yourself is a notes conversation, {@code dm:<uuid>:<uuid>} with your id twice:
 * its only participant is you.
 */
public final class Conversations {

    public static final String DIRECT_PREFIX = "dm:";

    private Conversations() {
    }

    public static String direct(UUID a, UUID b) {
        String x = a.toString();
        String y = b.toString();
        return x.compareTo(y) <= 0 ? DIRECT_PREFIX + x + ":" + y : DIRECT_PREFIX + y + ":" + x;
    }

    /** Who is in a direct conversation between {@code a} and {@code b}: one user for notes to self. */
    public static Set<UUID> participants(UUID a, UUID b) {
        return a.equals(b) ? Set.of(a) : Set.of(a, b); // Set.of(a, a) would throw
    }

    /** The two participants of a direct conversation id, or null if it is not a well-formed one. */
    public static UUID[] participants(String conversationId) {
        if (conversationId == null || !conversationId.startsWith(DIRECT_PREFIX) || conversationId.length() != 3 + 36 + 1 + 36) {
            return null;
        }
        try {
            UUID a = UUID.fromString(conversationId.substring(3, 39));
            UUID b = UUID.fromString(conversationId.substring(40));
            return direct(a, b).equals(conversationId) ? new UUID[] {a, b} : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
