package dev.parley.conversations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.parley.log.LogRecord;
import dev.parley.log.LoggedMessage;
import dev.parley.log.Reaction;

/**
 * The change records among a cut's records (the log beyond the archive), applied to messages:
 * what makes history, resume and the change path see a message in its current state although the
 * archive may not have the newest changes yet. Applied in log order; reactions are sets (each user
 * once per emoji), so a change the archive had already applied is harmless when applied again.
 */
final class Changes {

    private static final java.util.Set<String> KINDS = java.util.Set.of(LogRecord.EDIT, LogRecord.DELETE, LogRecord.REACTION);

    private final Map<UUID, List<LogRecord>> byTarget = new HashMap<>();
    private final Map<UUID, Instant> deleted = new HashMap<>();

    Changes(List<LoggedMessage> records) {
        for (LoggedMessage m : records) {
            LogRecord r = m.record();
            if (!r.isMessage() && r.target() != null) {
                byTarget.computeIfAbsent(r.target(), t -> new ArrayList<>()).add(r);
                if (LogRecord.DELETE.equals(r.kind())) {
                    deleted.putIfAbsent(r.target(), r.sentAt());
                }
            }
        }
    }

    /** The message with every change of the cut to it (and to the message it quotes) applied. */
    MessageView apply(MessageView message) {
        MessageView now = message;
        if (message.replyTo() != null && deleted.containsKey(message.replyTo().serverMsgId())) {
            now = now.originalDeleted();
        }
        for (LogRecord change : byTarget.getOrDefault(message.serverMsgId(), List.of())) {
            now = switch (change.kind()) {
                case LogRecord.EDIT -> now.edited(change.content(), change.sentAt());
                case LogRecord.DELETE -> now.deleted(change.sentAt());
                case LogRecord.REACTION -> now.withReactions(Reaction.apply(now.reactions(), change.emoji(),
                        new Reaction.Reactor(change.from(), change.fromUsername()), Boolean.TRUE.equals(change.added())));
                default -> now;
            };
        }
        return now;
    }

    List<MessageView> apply(List<MessageView> messages) {
        if (byTarget.isEmpty()) {
            return messages;
        }
        List<MessageView> now = new ArrayList<>(messages.size());
        messages.forEach(m -> now.add(apply(m)));
        return now;
    }

    /** The messages the cut deletes, with when. */
    Map<UUID, Instant> deletes() {
        return Map.copyOf(deleted);
    }

    /**
     * The cut's records as the events a resuming client is sent, in log order, each in the current
     * state of its message: a message deleted later in the cut comes as its tombstone, and the
     * edits and reactions before its delete are left out (the delete's seq moves the client past them).
     */
    List<ConversationEvent> events(List<LoggedMessage> records) {
        List<ConversationEvent> events = new ArrayList<>(records.size());
        for (LoggedMessage m : records) {
            LogRecord r = m.record();
            if (r.isMessage()) {
                events.add(ConversationEvent.created(apply(MessageView.of(m))));
            } else if (!KINDS.contains(r.kind()) || r.target() == null) {
                continue; // a kind this version does not know (a newer writer's) is skipped, as the archive dead-letters it
            } else if (LogRecord.DELETE.equals(r.kind()) || !deleted.containsKey(r.target())) {
                events.add(ConversationEvent.of(m));
            }
        }
        return events;
    }
}
