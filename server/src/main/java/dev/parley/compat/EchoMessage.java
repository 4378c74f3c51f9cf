package dev.parley.compat;

import dev.parley.log.LogRecord;
import tools.jackson.databind.JsonNode;

/**
 * A message in the echo-style shape ({@code POST /api/v1/message/action}, the
 * {@code /api/v1/websocket/message} stream and the mirror topic). {@code chatId} is Parley's
 * conversation id; {@code senderId} and {@code receiverId} are user ids, except that a room
 * message's {@code receiverId} is the room's name. An attachment-only message has its URL as content.
 */
record EchoMessage(String chatId, String senderId, String receiverId, String content) {

    static EchoMessage of(String conversationId, String from, String to, String room, String content, String attachmentUrl) {
        return new EchoMessage(conversationId, from, room != null ? room : to, NativeFrames.shownText(content, attachmentUrl));
    }

    /** From a record of the message log (the mirror topic). */
    static EchoMessage of(LogRecord record) {
        return of(record.conversationId(), string(record.from()), string(record.to()), record.room(), record.content(),
                record.attachmentUrl());
    }

    private static String string(Object id) {
        return id == null ? null : id.toString();
    }

    /** From the {@code data} of a native {@code message.create} event. */
    static EchoMessage of(JsonNode message) {
        return of(text(message, "conversationId"), text(message, "from"), text(message, "to"), text(message, "room"),
                text(message, "content"), text(message, "attachmentUrl"));
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
