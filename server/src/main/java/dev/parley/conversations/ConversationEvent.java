package dev.parley.conversations;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.parley.log.LogRecord;
import dev.parley.log.LoggedMessage;
import dev.parley.log.Reaction;

/**
 * One event of a conversation at its seq, as clients receive it live and on resume: a message
 * ({@code message.create}) or a change to one ({@code message.update}, {@code message.delete},
 * {@code reaction.update}). Changes have seqs of their own, so a client's position in a
 * conversation covers the changes it has seen too (docs/protocol.md).
 */
public record ConversationEvent(String type, long seq, Object data) {

    public static final String CREATE = "message.create";
    public static final String UPDATE = "message.update";
    public static final String DELETE = "message.delete";
    public static final String REACTION = "reaction.update";

    public record Update(UUID serverMsgId, String conversationId, String content, Instant editedAt, long seq) {
    }

    public record Deleted(UUID serverMsgId, String conversationId, Instant deletedAt, long seq) {
    }

    /** @param reactions the message's reactions after this change; null when unknown (then apply this one change) */
    public record Reactions(UUID serverMsgId, String conversationId, long seq, String emoji, UUID userId, String username,
                            boolean added, List<Reaction> reactions) {
    }

    public static ConversationEvent created(MessageView message) {
        return new ConversationEvent(CREATE, message.seq(), message);
    }

    /** The event a record of the log stands for, as the record says it. */
    public static ConversationEvent of(LoggedMessage message) {
        LogRecord r = message.record();
        long seq = message.seq();
        if (r.isMessage()) {
            return created(MessageView.of(message));
        }
        return switch (r.kind()) {
            case LogRecord.EDIT -> new ConversationEvent(UPDATE, seq, new Update(r.target(), r.conversationId(), r.content(), r.sentAt(), seq));
            case LogRecord.DELETE -> deleted(r.target(), r.conversationId(), r.sentAt(), seq);
            case LogRecord.REACTION -> reaction(message, r.reactions());
            default -> throw new IllegalArgumentException("a record of unknown kind '" + r.kind() + "'");
        };
    }

    /** A reaction record's event, with the message's reactions after it. */
    public static ConversationEvent reaction(LoggedMessage message, List<Reaction> after) {
        LogRecord r = message.record();
        return new ConversationEvent(REACTION, message.seq(), new Reactions(r.target(), r.conversationId(), message.seq(), r.emoji(),
                r.from(), r.fromUsername(), Boolean.TRUE.equals(r.added()), after));
    }

    static ConversationEvent deleted(UUID target, String conversationId, Instant at, long seq) {
        return new ConversationEvent(DELETE, seq, new Deleted(target, conversationId, at, seq));
    }
}
