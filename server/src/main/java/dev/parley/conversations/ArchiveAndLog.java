package dev.parley.conversations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.parley.log.LogRecord;
import dev.parley.log.LoggedMessage;
import dev.parley.system.Blocking;
import reactor.core.publisher.Mono;

/** The resume source of a node: its archive, and the log beyond it ({@link Unarchived}). */
final class ArchiveAndLog implements ResumeSource {

    private final ConversationListStore conversations;
    private final HistoryStore messages;
    private final Unarchived unarchived;
    private final Blocking blocking;

    ArchiveAndLog(ConversationListStore conversations, HistoryStore messages, Unarchived unarchived, Blocking blocking) {
        this.conversations = conversations;
        this.messages = messages;
        this.unarchived = unarchived;
        this.blocking = blocking;
    }

    /**
     * The cut is taken first, then the user's conversations: a conversation the archive indexed
     * after the cut is in both, and one it has not indexed yet is found among the cut's messages
     * (a direct message names the user; a room is one the user is a member of).
     */
    @Override
    public Mono<CatchUp> catchUp(UUID user) {
        return blocking.call(() -> {
            Set<String> rooms = conversations.roomsOf(user);
            Unarchived.Cut cut = unarchived.all(m -> concerns(m.record(), user, rooms));
            Map<String, ConversationListStore.Mine> mine = new LinkedHashMap<>();
            for (ConversationListStore.Mine conversation : conversations.mine(user)) {
                mine.put(conversation.conversationId(), conversation);
            }
            Map<String, List<LoggedMessage>> records = new LinkedHashMap<>();
            for (LoggedMessage m : cut.messages()) {
                records.computeIfAbsent(m.record().conversationId(), id -> new ArrayList<>()).add(m);
            }
            Changes changes = new Changes(cut.messages());
            Map<String, List<ConversationEvent>> beyond = new LinkedHashMap<>();
            records.forEach((conversation, theirs) -> beyond.put(conversation, changes.events(theirs)));
            beyond.keySet().forEach(id -> mine.putIfAbsent(id, new ConversationListStore.Mine(id, -1, null)));
            List<ResumeTarget> targets = new ArrayList<>(mine.size());
            for (ConversationListStore.Mine m : mine.values()) {
                targets.add(new ResumeTarget(m.conversationId(), m.lastSeq(), cut.archivedUpTo(unarchived.partitionOf(m.conversationId())),
                        m.readSeq()));
            }
            return new CatchUp(targets, beyond, changes.deletes());
        });
    }

    @Override
    public Mono<List<ConversationEvent>> archived(String conversationId, long after, long before, int limit,
                                                  Map<UUID, java.time.Instant> deletedBeyond) {
        // What the log has beyond the archive counts too (the round's cut, not read again per page): a message deleted there
        // is shown deleted here as well.
        return blocking.call(() -> ArchivedEvents.between(messages, deletedBeyond, conversationId, after, before, limit));
    }

    private static boolean concerns(LogRecord record, UUID user, Set<String> rooms) {
        return record.room() == null ? user.equals(record.from()) || user.equals(record.to()) : rooms.contains(record.conversationId());
    }
}
