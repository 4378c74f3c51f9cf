package dev.parley.compat;

import java.util.UUID;

import dev.parley.rooms.RoomName;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The native frames the compatibility shapes are read as: they then take the path every frame takes. */
final class NativeFrames {

    private NativeFrames() {
    }

    /** A {@code message.send} without its target ({@code to} or {@code conversationId}); a fresh clientMsgId when the shape has none. */
    static ObjectNode send(JsonMapper json, String clientMsgId, String content) {
        return json.createObjectNode()
                .put("type", "message.send")
                .put("clientMsgId", clientMsgId != null ? clientMsgId : UUID.randomUUID().toString())
                .put("content", content);
    }

    static ObjectNode join(JsonMapper json, RoomName room) {
        return json.createObjectNode().put("type", "room.join").put("room", room.value());
    }

    /** What a shape with only a text field shows: the content, or an attachment-only message's URL. */
    static String shownText(String content, String attachmentUrl) {
        return (content == null || content.isEmpty()) && attachmentUrl != null ? attachmentUrl : content;
    }
}
