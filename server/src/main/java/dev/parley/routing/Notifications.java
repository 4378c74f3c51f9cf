package dev.parley.routing;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import dev.parley.accounts.AuthenticatedUser;
import tools.jackson.databind.json.JsonMapper;

/** Ephemeral events between participants: read receipts and typing indicators. Never stored in the log. */
public final class Notifications {

    record Receipt(String conversationId, UUID userId, String username, long seq) {
    }

    record Typing(String conversationId, UUID userId, String username) {
    }

    private final Sessions sessions;
    private final JsonMapper json;

    Notifications(Sessions sessions, JsonMapper json) {
        this.sessions = sessions;
        this.json = json;
    }

    /** To everyone in the conversation, the reader's other devices included (that is how read positions sync). */
    public void receipt(AuthenticatedUser reader, String conversationId, long seq, Set<UUID> audience, String originSession) {
        byte[] frame = json.writeValueAsBytes(new EventFrame("receipt", new Receipt(conversationId, reader.userId(), reader.username(), seq)));
        sessions.deliver(audience, Delivery.ephemeral(frame), originSession);
    }

    /** To the other participants only. */
    public void typing(AuthenticatedUser typist, String conversationId, Set<UUID> audience) {
        Set<UUID> others = new HashSet<>(audience);
        others.remove(typist.userId());
        byte[] frame = json.writeValueAsBytes(new EventFrame("typing", new Typing(conversationId, typist.userId(), typist.username())));
        sessions.deliver(others, Delivery.ephemeral(frame), null);
    }
}
