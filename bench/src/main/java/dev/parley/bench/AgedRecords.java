package dev.parley.bench;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The messages of an aged archive, as log records in Parley's format (docs/architecture.md, "The
 * message log"): {@code total} direct messages spread round-robin over {@code conversations}
 * conversations between made-up users (the archive does not check that users exist), sent
 * {@link #SPACING_MILLIS} apart and ending at {@code newest}. Their text is {@link #WORDS} words drawn
 * from a vocabulary with a long tail (word of rank k about as often as 1/k: a few common words,
 * many rare ones), so that search has something to find. Given real users ({@code members}), the
 * first takes part in every tenth conversation (a user with many conversations) and the others in a
 * few each. Record {@code i} is always the same
 * for the same seed; every server id is distinct and random-looking, as real ones are (they are
 * name-based UUIDs), so the archive's primary key is filled in random order as in production.
 */
final class AgedRecords {

    static final long SPACING_MILLIS = 10;
    static final int WORDS = 14;
    static final int VOCABULARY = 20_000;
    /** The most common words, by rank; the rest are made-up words (see {@link #word}). */
    static final List<String> COMMON = List.of("the", "to", "and", "you", "it", "is", "for", "on", "we", "this", "that", "can",
            "with", "deploy", "review", "meeting", "today", "lunch", "tomorrow", "thanks");
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "nu", "pe", "ra", "so", "ti", "va", "ze", "bo", "du", "fi", "gu", "ha", "je"};

    /** A real user who takes part in some conversations: its id and username. */
    record Member(String id, String username) {
    }

    private final long total;
    private final long seed;
    private final long newestMillis;
    private final String[] conversationIds;
    private final String[][] users; // per conversation: the two participants' ids, sorted
    private final String[][] usernames; // per conversation: theirs, in the same order

    AgedRecords(long total, int conversations, long seed, Instant newest) {
        this(total, conversations, seed, newest, List.of());
    }

    AgedRecords(long total, int conversations, long seed, Instant newest, List<Member> members) {
        this.total = total;
        this.seed = seed;
        this.newestMillis = newest.toEpochMilli();
        this.conversationIds = new String[conversations];
        this.users = new String[conversations][];
        this.usernames = new String[conversations][];
        SplittableRandom random = new SplittableRandom(seed);
        for (int c = 0; c < conversations; c++) {
            Member member = memberOf(c, members);
            String a = member != null ? member.id() : uuid(random.nextLong(), random.nextLong()).toString();
            String aName = member != null ? member.username() : "aged-" + c + "-a";
            String b = uuid(random.nextLong(), random.nextLong()).toString();
            String bName = "aged-" + c + "-b";
            boolean ordered = a.compareTo(b) < 0;
            users[c] = ordered ? new String[] {a, b} : new String[] {b, a};
            usernames[c] = ordered ? new String[] {aName, bName} : new String[] {bName, aName};
            conversationIds[c] = "dm:" + users[c][0] + ":" + users[c][1];
        }
    }

    /** The first member in every tenth conversation, the others in turn in every hundredth (offset 1). */
    private static Member memberOf(int conversation, List<Member> members) {
        if (members.isEmpty()) {
            return null;
        }
        if (conversation % 10 == 0) {
            return members.getFirst();
        }
        if (members.size() > 1 && conversation % 100 == 1) {
            return members.get(1 + (conversation / 100) % (members.size() - 1));
        }
        return null;
    }

    /** The conversation ids {@code member} (one of those given) takes part in. */
    List<String> conversationsOf(String memberId) {
        return java.util.stream.IntStream.range(0, conversationIds.length)
                .filter(c -> users[c][0].equals(memberId) || users[c][1].equals(memberId)).mapToObj(c -> conversationIds[c]).toList();
    }

    long total() {
        return total;
    }

    int conversations() {
        return conversationIds.length;
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
        StringBuilder value = new StringBuilder(512)
                .append("{\"v\":1,\"serverMsgId\":\"").append(serverMsgId(i))
                .append("\",\"clientMsgId\":\"aged-").append(i)
                .append("\",\"conversationId\":\"").append(conversationIds[c])
                .append("\",\"from\":\"").append(users[c][from])
                .append("\",\"fromUsername\":\"").append(usernames[c][from])
                .append("\",\"to\":\"").append(users[c][1 - from])
                .append("\",\"toUsername\":\"").append(usernames[c][1 - from])
                .append("\",\"room\":null,\"content\":\"#").append(i).append(":");
        SplittableRandom words = new SplittableRandom(mix(seed ^ ~i));
        for (int w = 0; w < WORDS; w++) {
            // Rank k with probability about 1/k (log-uniform over the vocabulary).
            value.append(' ').append(word((int) Math.exp(words.nextDouble() * Math.log(VOCABULARY))));
        }
        return value
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

    /** The word of rank {@code rank} (1 the most common): a common English one, or letters spelling the rank. */
    static String word(int rank) {
        if (rank <= COMMON.size()) {
            return COMMON.get(rank - 1);
        }
        StringBuilder word = new StringBuilder();
        for (int n = rank; n > 0; n /= SYLLABLES.length) {
            word.append(SYLLABLES[n % SYLLABLES.length]);
        }
        return word.toString();
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
