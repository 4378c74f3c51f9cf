package dev.parley.messaging;

import dev.parley.system.JsonFields;
import tools.jackson.databind.JsonNode;

/**
 * A request to change a message: edit its text, delete it, or add or remove a reaction. The one
 * command model behind the WebSocket frames {@code message.edit}, {@code message.delete},
 * {@code reaction.add} and {@code reaction.remove}; {@link MessageSender} writes it to the log as a
 * change record.
 *
 * @param kind        one of {@link #EDIT}, {@link #DELETE}, {@link #REACT}, {@link #UNREACT}
 * @param serverMsgId the message to change
 * @param clientMsgId names the change for retries; optional for reactions, which are idempotent anyway
 */
public record ChangeCommand(String kind, String clientMsgId, String serverMsgId, String content, String emoji) {

    public static final String EDIT = "message.edit";
    public static final String DELETE = "message.delete";
    public static final String REACT = "reaction.add";
    public static final String UNREACT = "reaction.remove";

    public static ChangeCommand from(String kind, JsonNode body) {
        JsonFields.object(body);
        return new ChangeCommand(kind, JsonFields.text(body, "clientMsgId"), JsonFields.text(body, "serverMsgId"),
                JsonFields.text(body, "content"), JsonFields.text(body, "emoji"));
    }

    boolean isReaction() {
        return REACT.equals(kind) || UNREACT.equals(kind);
    }
}
