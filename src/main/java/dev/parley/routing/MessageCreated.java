package dev.parley.routing;

import java.time.Instant;
import java.util.UUID;

import dev.parley.log.LoggedMessage;
import dev.parley.log.LogRecord;

/** The {@code data} of a {@code message.create} event (docs/protocol.md). */
record MessageCreated(
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

    record Frame(String type, MessageCreated data) {
    }

    static Frame of(LoggedMessage message) {
        LogRecord r = message.record();
        String eventId = message.position().partition() + "-" + message.position().offset();
        return new Frame("message.create", new MessageCreated(eventId, r.serverMsgId(), r.clientMsgId(), r.from(), r.fromUsername(),
                r.to(), r.toUsername(), r.room(), r.conversationId(), message.seq(), r.content(), r.attachmentUrl(), r.sentAt()));
    }
}
