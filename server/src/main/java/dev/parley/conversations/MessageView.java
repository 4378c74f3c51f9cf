package dev.parley.conversations;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.parley.log.LogRecord;
import dev.parley.log.LoggedMessage;
import dev.parley.log.Reaction;

/**
 * A message as clients see it, live ({@code message.create}), in history pages, search and on
 * resume: one shape everywhere (docs/protocol.md). History, search and resume show it in its
 * current state: edited content, a deleted message's tombstone, its reactions.
 *
 * @param replyTo   the message it replies to, null if none
 * @param deletedAt set on a tombstone: content is "" and the attachment and quote are gone
 */
public record MessageView(
        String eventId,
        UUID serverMsgId,
        String clientMsgId,
        UUID from,
        String fromUsername,
        UUID to,
        String toUsername,
        String room,
        String conversationId,
        long seq,
        String content,
        String attachmentUrl,
        Instant sentAt,
        Reply replyTo,
        Instant editedAt,
        Instant deletedAt,
        List<Reaction> reactions) {

    /** @param quote the start of the original's text when the reply was sent; null once the original is deleted */
    public record Reply(UUID serverMsgId, String fromUsername, String quote) {
    }

    public static MessageView of(LoggedMessage message) {
        LogRecord r = message.record();
        Reply reply = r.replyTo() == null ? null : new Reply(r.replyTo(), r.replyFrom(), r.replyQuote());
        return new MessageView(eventId(message.position().partition(), message.seq()), r.serverMsgId(), r.clientMsgId(),
                r.from(), r.fromUsername(), r.to(), r.toUsername(), r.room(), r.conversationId(), message.seq(),
                r.content(), r.attachmentUrl(), r.sentAt(), reply, null, null, List.of());
    }

    MessageView edited(String newContent, Instant at) {
        return deletedAt != null ? this : new MessageView(eventId, serverMsgId, clientMsgId, from, fromUsername, to, toUsername, room,
                conversationId, seq, newContent, attachmentUrl, sentAt, replyTo, at, null, reactions);
    }

    /** The tombstone: nothing of what was said stays. */
    MessageView deleted(Instant at) {
        Reply reply = replyTo == null ? null : new Reply(replyTo.serverMsgId(), replyTo.fromUsername(), null);
        return new MessageView(eventId, serverMsgId, clientMsgId, from, fromUsername, to, toUsername, room, conversationId, seq,
                "", null, sentAt, reply, editedAt, deletedAt == null ? at : deletedAt, List.of());
    }

    MessageView withReactions(List<Reaction> now) {
        return new MessageView(eventId, serverMsgId, clientMsgId, from, fromUsername, to, toUsername, room, conversationId, seq,
                content, attachmentUrl, sentAt, replyTo, editedAt, deletedAt, deletedAt == null ? now : List.of());
    }

    /** A reply's quote of an original that has since been deleted is gone too. */
    MessageView originalDeleted() {
        return replyTo == null || replyTo.quote() == null ? this : new MessageView(eventId, serverMsgId, clientMsgId, from, fromUsername,
                to, toUsername, room, conversationId, seq, content, attachmentUrl, sentAt,
                new Reply(replyTo.serverMsgId(), replyTo.fromUsername(), null), editedAt, deletedAt, reactions);
    }

    static String eventId(int partition, long offset) {
        return partition + "-" + offset;
    }
}
