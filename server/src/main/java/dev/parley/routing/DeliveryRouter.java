package dev.parley.routing;

import java.util.Set;
import java.util.UUID;

import dev.parley.conversations.MessageView;
import dev.parley.log.LogRecord;
import dev.parley.log.LoggedMessage;
import dev.parley.rooms.RoomName;
import dev.parley.rooms.Rooms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a message into one {@code message.create} event for the open sessions of its recipients:
 * both participants of a direct message, every member of a room. The event is serialized once and
 * the same bytes go to every session.
 */
final class DeliveryRouter {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRouter.class);

    private final Sessions sessions;
    private final Rooms rooms;
    private final JsonMapper json;

    DeliveryRouter(Sessions sessions, Rooms rooms, JsonMapper json) {
        this.sessions = sessions;
        this.rooms = rooms;
        this.json = json;
    }

    void route(LoggedMessage message) {
        try {
            LogRecord record = message.record();
            Set<UUID> recipients = recipients(record);
            if (!sessions.holdsAny(recipients)) {
                return; // nobody to serialize for: they get it on resume (most of a backlog read after a restart)
            }
            byte[] frame = json.writeValueAsBytes(new EventFrame("message.create", MessageView.of(message)));
            sessions.deliver(recipients, new Delivery(frame, record.conversationId(), message.seq()), record.originSession());
        } catch (RuntimeException e) {
            // The message is in the log: a client that missed it live gets it on resume.
            log.warn("Could not deliver {} live: {}", message.record().serverMsgId(), e.toString());
        }
    }

    private Set<UUID> recipients(LogRecord record) {
        if (record.room() != null) {
            return rooms.membersNow(new RoomName(record.room()));
        }
        return record.to() == null ? Set.of(record.from()) : Set.of(record.from(), record.to());
    }
}
