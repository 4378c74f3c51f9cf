package dev.parley.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Client frames as a test writes them. */
public final class Frames {

    private Frames() {
    }

    public static Map<String, Object> dm(String clientMsgId, String to, String content) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "message.send");
        frame.put("clientMsgId", clientMsgId);
        frame.put("to", to);
        frame.put("content", content);
        return frame;
    }

    public static Map<String, Object> toRoom(String clientMsgId, String room, String content) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "message.send");
        frame.put("clientMsgId", clientMsgId);
        frame.put("conversationId", "room:" + room);
        frame.put("content", content);
        return frame;
    }

    public static Map<String, Object> join(String room) {
        return Map.of("type", "room.join", "room", room);
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }
}
