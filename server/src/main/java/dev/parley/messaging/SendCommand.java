package dev.parley.messaging;

/**
 * A request to send one message, from a WebSocket {@code message.send} frame or a REST call.
 * Exactly one of {@code to} (a username or user id) and {@code conversationId} is set.
 */
public record SendCommand(String clientMsgId, String to, String conversationId, String content, String attachmentUrl) {
}
