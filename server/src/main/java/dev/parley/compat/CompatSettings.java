package dev.parley.compat;

import dev.parley.system.SettingsCheck;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The compatibility endpoints (docs/compatibility.md).
 *
 * @param enabled            every compatibility endpoint, as a group
 * @param trustUserIdHeader  accept {@code X-Auth-User-Id} on {@code /ws} as the user, without a token: an
 *                           impersonation hole, for local development only (a WARN at start says so)
 * @param broadcastRoom      the room a {@code {"message"}} frame without {@code recipientId} goes to on {@code /ws},
 *                           which every demo client there joins; empty for none
 * @param defaultRoom        the room of a room-chat frame ({@code /ws/{clientId}}) without {@code room}, joined on connect
 * @param mirror             copy every message to an extra Kafka topic in the echo shape
 */
@ConfigurationProperties("parley.compat")
public record CompatSettings(@DefaultValue("true") boolean enabled,
                             @DefaultValue("false") boolean trustUserIdHeader,
                             @DefaultValue("public") String broadcastRoom,
                             @DefaultValue("general") String defaultRoom,
                             @DefaultValue Mirror mirror) {

    /**
     * @param enabled off by default
     * @param topic   the topic's name; record key {@code message.new}, value the echo JSON
     */
    public record Mirror(@DefaultValue("false") boolean enabled, @DefaultValue("message") String topic) {
    }

    public CompatSettings {
        new SettingsCheck()
                .require(defaultRoom != null && !defaultRoom.isBlank(), "parley.compat.default-room must name a room")
                .require(mirror.topic() != null && mirror.topic().matches("[A-Za-z0-9._-]{1,249}"),
                        "parley.compat.mirror.topic must be a Kafka topic name (A-Z, a-z, 0-9, '.', '_', '-'), got '" + mirror.topic() + "'")
                .done();
    }

    /** The broadcast room, or null when there is none. */
    String broadcastRoomOrNull() {
        return broadcastRoom == null || broadcastRoom.isBlank() ? null : broadcastRoom.trim();
    }
}
