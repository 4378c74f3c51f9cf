package dev.parley.routing;

import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.log.LogRecord;
import dev.parley.log.Reaction;

/**
 * The reactions of recently reacted-to messages as the router has seen them in the log, so that a
 * {@code reaction.update} carries the counts without a database read on the router's thread. The
 * router reads each partition in order, so from the first reaction it sees on a message on, it
 * applies each next one to what it holds; for the first, it takes what the record carries (the
 * sender computed it from the archive and the log when it wrote the record). Only the router's
 * thread uses it.
 */
final class ReactionStates {

    private final Cache<java.util.UUID, List<Reaction>> states = Caffeine.newBuilder().maximumSize(20_000).build();

    /** The message's reactions after this reaction record. */
    List<Reaction> after(LogRecord reaction) {
        List<Reaction> before = states.getIfPresent(reaction.target());
        List<Reaction> after = before == null ? reaction.reactions()
                : Reaction.apply(before, reaction.emoji(), new Reaction.Reactor(reaction.from(), reaction.fromUsername()),
                        Boolean.TRUE.equals(reaction.added()));
        if (after != null) {
            states.put(reaction.target(), after);
        }
        return after;
    }

    /** A deleted message has no reactions left. */
    void deleted(LogRecord delete) {
        states.invalidate(delete.target());
    }

    /** The router's partitions changed: what it held may miss records another node routed. */
    void forget() {
        states.invalidateAll();
    }
}
