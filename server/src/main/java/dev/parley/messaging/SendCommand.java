package dev.parley.messaging;

import dev.parley.system.JsonFields;
import tools.jackson.databind.JsonNode;

/**
 * A request to send one message: the one command model behind a WebSocket {@code message.send}
 * frame, {@code POST /api/v1/messages} and every compatibility shape (dev.parley.compat), which
 * build it and hand it to {@link MessageSender}. Exactly one of {@code to} (a username or user id)
 * and {@code conversationId} is set.
 *
 * @param replyTo the serverMsgId of the message this one replies to (same conversation), or null
 */
public record SendCommand(String clientMsgId, String to, String conversationId, String content, String attachmentUrl, String replyTo) {

    public SendCommand(String clientMsgId, String to, String conversationId, String content, String attachmentUrl) {
        this(clientMsgId, to, conversationId, content, attachmentUrl, null);
    }

    /**
     * Reads the command from a frame or request body, field by field with the same typed errors
     * on every transport; {@link SendValidation} checks the values.
     */
    public static SendCommand from(JsonNode body) {
        JsonFields.object(body);
        return new SendCommand(JsonFields.text(body, "clientMsgId"), JsonFields.text(body, "to"),
                JsonFields.text(body, "conversationId"), JsonFields.text(body, "content"), JsonFields.text(body, "attachmentUrl"),
                JsonFields.text(body, "replyTo"));
    }
}
