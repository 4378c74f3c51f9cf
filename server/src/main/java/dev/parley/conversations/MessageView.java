package dev.parley.conversations;

import java.time.Instant;
import java.util.UUID;

import dev.parley.log.LogRecord;
import dev.parley.log.LoggedMessage;

/**
 * A message as clients see it, live ({@code message.create}), in history pages and on resume: one
 * shape everywhere (docs/protocol.md).
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
        Instant sentAt) {

    public static MessageView of(LoggedMessage message) {
        LogRecord r = message.record();
        return new MessageView(eventId(message.position().partition(), message.seq()), r.serverMsgId(), r.clientMsgId(),
                r.from(), r.fromUsername(), r.to(), r.toUsername(), r.room(), r.conversationId(), message.seq(),
                r.content(), r.attachmentUrl(), r.sentAt());
    }

    static String eventId(int partition, long offset) {
        return partition + "-" + offset;
    }
}
