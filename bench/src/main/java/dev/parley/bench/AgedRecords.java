package dev.parley.bench;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The messages of an aged archive, as log records in Parley's format (docs/architecture.md, "The
 * message log"): {@code total} direct messages spread round-robin over {@code conversations}
 * conversations between made-up users (the archive does not check that users exist), sent
 * {@link #SPACING_MILLIS} apart and ending at {@code newest}. Record {@code i} is always the same
 * for the same seed; every server id is distinct and random-looking, as real ones are (they are
 * name-based UUIDs), so the archive's primary key is filled in random order as in production.
 */
final class AgedRecords {

    static final long SPACING_MILLIS = 10;
    private static final String CONTENT = "an older message, kept in the archive so that history, unread counts and inserts run against a large table";

    private final long total;
    private final long seed;
    private final long newestMillis;
    private final String[] conversationIds;
    private final String[][] users; // per conversation: the two participants' ids, sorted

    AgedRecords(long total, int conversations, long seed, Instant newest) {
        this.total = total;
        this.seed = seed;
        this.newestMillis = newest.toEpochMilli();
        this.conversationIds = new String[conversations];
        this.users = new String[conversations][];
        SplittableRandom random = new SplittableRandom(seed);
        for (int c = 0; c < conversations; c++) {
            String a = uuid(random.nextLong(), random.nextLong()).toString();
            String b = uuid(random.nextLong(), random.nextLong()).toString();
            users[c] = a.compareTo(b) < 0 ? new String[] {a, b} : new String[] {b, a};
            conversationIds[c] = "dm:" + users[c][0] + ":" + users[c][1];
        }
    }

    long total() {
        return total;
    }

    int conversation(long i) {
        return (int) (i % conversationIds.length);
    }

    /** The record key: the conversation id, so a conversation stays on one partition. */
    String key(long i) {
        return conversationIds[conversation(i)];
    }

    String value(long i) {
        int c = conversation(i);
        int from = (int) ((i / conversationIds.length) % 2); // the two participants take turns
        String sentAt = Instant.ofEpochMilli(newestMillis - (total - 1 - i) * SPACING_MILLIS).toString();
        return new StringBuilder(512)
                .append("{\"v\":1,\"serverMsgId\":\"").append(serverMsgId(i))
                .append("\",\"clientMsgId\":\"aged-").append(i)
                .append("\",\"conversationId\":\"").append(conversationIds[c])
                .append("\",\"from\":\"").append(users[c][from])
                .append("\",\"fromUsername\":\"").append(username(c, from))
                .append("\",\"to\":\"").append(users[c][1 - from])
                .append("\",\"toUsername\":\"").append(username(c, 1 - from))
                .append("\",\"room\":null,\"content\":\"#").append(i).append(": ").append(CONTENT)
                .append("\",\"attachmentUrl\":null,\"sentAt\":\"").append(sentAt)
                .append("\",\"originSession\":null}")
                .toString();
    }

    /**
     * Distinct for every i: the low half carries i itself; the high half is a bijective mix of it
     * (SplitMix64's finalizer), so ids sort in random order.
     */
    UUID serverMsgId(long i) {
        return uuid(mix(seed + i), i);
    }

    private static String username(int conversation, int participant) {
        return "aged-" + conversation + (participant == 0 ? "-a" : "-b");
    }

    /** A version-4 UUID from 122 bits taken from {@code high} and {@code low} (low keeps its 62 lowest bits). */
    private static UUID uuid(long high, long low) {
        return new UUID((high & ~0xF000L) | 0x4000L, (low & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
