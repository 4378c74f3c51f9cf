package dev.parley.rooms;

import java.util.UUID;

/** Published (synchronously, off the event loop) after a user joined a room, or joined it again. */
public record RoomJoined(RoomName room, UUID userId) {
}
