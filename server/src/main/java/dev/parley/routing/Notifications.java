package dev.parley.routing;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import dev.parley.accounts.AuthenticatedUser;
import tools.jackson.databind.json.JsonMapper;

/** Ephemeral events between participants: read receipts and typing indicators. Never stored in the log. */
public final class Notifications {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Notifications.class);

    record Receipt(String conversationId, UUID userId, String username, long seq) {
    }

    record Typing(String conversationId, UUID userId, String username) {
    }

    record PresenceChange(UUID userId, String username, boolean online, java.time.Instant lastSeen) {
    }

    private final Sessions sessions;
    private final Directory directory;
    private final Forwarder forwarder;
    private final JsonMapper json;

    Notifications(Sessions sessions, Directory directory, Forwarder forwarder, JsonMapper json) {
        this.sessions = sessions;
        this.directory = directory;
        this.forwarder = forwarder;
        this.json = json;
    }

    /**
     * Here at once; to other nodes once the registry has said which (never waited for: these events
     * are best effort), or to every node when it cannot say.
     */
    private void deliver(Set<UUID> users, Delivery delivery, String exceptSession) {
        sessions.deliver(users, delivery, exceptSession);
        if (directory.clustered() && !users.isEmpty()) {
            directory.elsewhereLater(users).subscribe(
                    nodes -> nodes.forEach((node, theirs) -> forwarder.forward(node, theirs, delivery, exceptSession)),
                    error -> {
                        log.debug("Registry unavailable, an event goes to every node: {}", error.toString());
                        forwarder.broadcast(users, delivery, exceptSession);
                    });
        }
    }

    /** To everyone in the conversation, the reader's other devices included (that is how read positions sync). */
    public void receipt(AuthenticatedUser reader, String conversationId, long seq, Set<UUID> audience, String originSession) {
        byte[] frame = json.writeValueAsBytes(new EventFrame("receipt", new Receipt(conversationId, reader.userId(), reader.username(), seq)));
        deliver(audience, Delivery.ephemeral("receipt", frame), originSession);
    }

    /** A user came online or went offline: to those of {@code audience} who are online, on any node. */
    public void presence(UUID userId, String username, boolean online, java.time.Instant lastSeen, Set<UUID> audience) {
        byte[] frame = json.writeValueAsBytes(new EventFrame("presence", new PresenceChange(userId, username, online, lastSeen)));
        deliver(audience, Delivery.ephemeral("presence", frame), null);
    }

    /** To the other participants only. */
    public void typing(AuthenticatedUser typist, String conversationId, Set<UUID> audience) {
        Set<UUID> others = new HashSet<>(audience);
        others.remove(typist.userId());
        byte[] frame = json.writeValueAsBytes(new EventFrame("typing", new Typing(conversationId, typist.userId(), typist.username())));
        deliver(others, Delivery.ephemeral("typing", frame), null);
    }
}
