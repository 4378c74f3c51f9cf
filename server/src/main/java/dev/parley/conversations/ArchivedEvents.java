package dev.parley.conversations;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.parley.log.LogRecord;

/**
 * The archive's events of a conversation in seq order, for resume: its messages in their current
 * state and its changes, each change shown as the current state of its message (an edit as the
 * latest text; a since deleted message only by its delete), so that replaying them in
 * order leaves a client with what history shows.
 */
final class ArchivedEvents {

    private ArchivedEvents() {
    }

    /** @param deletedBeyond the messages the log deletes beyond the archive, with when */
    static List<ConversationEvent> between(HistoryStore store, Map<UUID, java.time.Instant> deletedBeyond, String conversationId, long after,
                                           long before, int limit) {
        List<ConversationEvent> events = new ArrayList<>();
        store.oldestBetween(conversationId, after, before, limit).forEach(m -> {
            java.time.Instant deleted = deletedBeyond.get(m.serverMsgId());
            events.add(ConversationEvent.created(deleted == null ? m : m.deleted(deleted)));
        });
        List<HistoryStore.Change> changes = store.changesBetween(conversationId, after, before, limit);
        Set<UUID> reacted = new HashSet<>();
        changes.stream().filter(c -> LogRecord.REACTION.equals(c.kind()) && c.deletedAt() == null).forEach(c -> reacted.add(c.target()));
        Map<UUID, List<dev.parley.log.Reaction>> reactions = store.reactions(reacted);
        for (HistoryStore.Change c : changes) {
            // A since deleted message's edits and reactions are left out: its delete (archived too, later) replaces them.
            if (LogRecord.DELETE.equals(c.kind()) || c.deletedAt() == null && !deletedBeyond.containsKey(c.target())) {
                events.add(event(conversationId, c, reactions));
            }
        }
        events.sort(Comparator.comparingLong(ConversationEvent::seq));
        return events.size() > limit ? List.copyOf(events.subList(0, limit)) : events;
    }

    private static ConversationEvent event(String conversationId, HistoryStore.Change c, Map<UUID, List<dev.parley.log.Reaction>> reactions) {
        return switch (c.kind()) {
            case LogRecord.EDIT -> new ConversationEvent(ConversationEvent.UPDATE, c.seq(),
                    new ConversationEvent.Update(c.target(), conversationId, c.content(), c.editedAt(), c.seq()));
            case LogRecord.DELETE -> ConversationEvent.deleted(c.target(), conversationId, c.changedAt(), c.seq());
            default -> new ConversationEvent(ConversationEvent.REACTION, c.seq(), new ConversationEvent.Reactions(c.target(), conversationId,
                    c.seq(), c.emoji(), c.actor(), c.actorUsername(), Boolean.TRUE.equals(c.added()), reactions.getOrDefault(c.target(), List.of())));
        };
    }
}
