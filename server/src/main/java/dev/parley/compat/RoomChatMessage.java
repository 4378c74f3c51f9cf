package dev.parley.compat;

import tools.jackson.databind.JsonNode;

/** A room message in the room-chat shape of {@code /ws/{clientId}}: {@code timestamp} is ISO-8601 (UTC). */
record RoomChatMessage(String username, String message, String timestamp, String room) {

    /** From the {@code data} of a native {@code message.create} event; null for a direct message, which this shape cannot show. */
    static RoomChatMessage of(JsonNode message) {
        String room = EchoMessage.text(message, "room");
        if (room == null) {
            return null;
        }
        return new RoomChatMessage(EchoMessage.text(message, "fromUsername"),
                NativeFrames.shownText(EchoMessage.text(message, "content"), EchoMessage.text(message, "attachmentUrl")),
                EchoMessage.text(message, "sentAt"), room);
    }
}
