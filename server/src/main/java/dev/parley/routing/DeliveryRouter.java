package dev.parley.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.parley.conversations.Conversations;
import dev.parley.conversations.MessageView;
import dev.parley.log.LogRecord;
import dev.parley.log.LoggedMessage;
import dev.parley.rooms.RoomName;
import dev.parley.rooms.Rooms;
import dev.parley.tracing.MessageTracing;
import io.micrometer.tracing.Span;
import dev.parley.system.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns each message into one {@code message.create} event for the sessions of its recipients:
 * both participants of a direct message, every member of a room. The event is serialized once;
 * the same bytes go to every session here and to every other node holding a recipient (one
 * forward per node, never one per member).
 * <p>
 * In cluster mode the registry is asked once per batch, after the batch was read from the log.
 * That order is what keeps a connecting session from missing a message: see docs/architecture.md.
 */
final class DeliveryRouter {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRouter.class);
    /** Warnings that can repeat per message, record or connection under load: the first at once, then a count every 5 s. */
    private static final ThrottledLog throttled = ThrottledLog.of(log);

    private final Sessions sessions;
    private final Rooms rooms;
    private final NodeLookup nodes;
    private final Forwarder forwarder;
    private final JsonMapper json;
    private final MessageTracing tracing;

    DeliveryRouter(Sessions sessions, Rooms rooms, NodeLookup nodes, Forwarder forwarder, JsonMapper json, MessageTracing tracing) {
        this.tracing = tracing;
        this.sessions = sessions;
        this.rooms = rooms;
        this.nodes = nodes;
        this.forwarder = forwarder;
        this.json = json;
    }

    /** Routes a batch read from the log; while the registry is away, to every node (see {@link NodeLookup}). */
    void route(List<LoggedMessage> messages) {
        boolean clustered = nodes.clustered();
        List<Set<UUID>> recipients = new ArrayList<>(messages.size());
        Set<UUID> everyone = clustered ? new HashSet<>() : Set.of();
        for (LoggedMessage message : messages) {
            Set<UUID> these = recipients(message.record());
            recipients.add(these);
            if (clustered) {
                everyone.addAll(these);
            }
        }
        Map<String, Set<UUID>> elsewhere = clustered && !everyone.isEmpty() ? nodes.elsewhere(everyone) : Map.of();
        for (int i = 0; i < messages.size(); i++) {
            route(messages.get(i), recipients.get(i), elsewhere);
        }
    }

    /** {@code elsewhere} null: the registry cannot say who holds whom, so every other node gets it. */
    private void route(LoggedMessage message, Set<UUID> recipients, Map<String, Set<UUID>> elsewhere) {
        Span span = tracing.child(message.trace(), "route", Span.Kind.CONSUMER);
        try (var scope = tracing.scope(span)) {
            LogRecord record = message.record();
            boolean here = sessions.holdsAny(recipients);
            boolean broadcast = elsewhere == null && !recipients.isEmpty();
            List<Map.Entry<String, Set<UUID>>> nodes = elsewhere == null ? List.of() : nodesHolding(recipients, elsewhere);
            if (!here && !broadcast && nodes.isEmpty()) {
                return; // nobody to serialize for: they get it on resume (most of a backlog read after a restart)
            }
            byte[] frame = json.writeValueAsBytes(new EventFrame("message.create", MessageView.of(message)));
            Delivery delivery = Delivery.message(frame, record.conversationId(), message.seq(), record.sentAt().toEpochMilli(),
                    MessageTracing.traceparent(span));
            if (here) {
                sessions.deliver(recipients, delivery, record.originSession());
            }
            for (Map.Entry<String, Set<UUID>> node : nodes) {
                forwarder.forward(node.getKey(), node.getValue(), delivery, record.originSession());
            }
            if (broadcast) {
                forwarder.broadcast(recipients, delivery, record.originSession());
            }
        } catch (RuntimeException e) {
            // The message is in the log: a client that missed it live gets it on resume.
            throttled.warn("Could not deliver {} live: {}", message.record().serverMsgId(), e.toString());
        } finally {
            MessageTracing.end(span);
        }
    }

    private static List<Map.Entry<String, Set<UUID>>> nodesHolding(Set<UUID> recipients, Map<String, Set<UUID>> elsewhere) {
        if (elsewhere.isEmpty()) {
            return List.of();
        }
        List<Map.Entry<String, Set<UUID>>> nodes = new ArrayList<>(2);
        for (Map.Entry<String, Set<UUID>> node : elsewhere.entrySet()) {
            Set<UUID> theirs = null;
            for (UUID user : recipients) {
                if (node.getValue().contains(user)) {
                    if (theirs == null) {
                        theirs = new HashSet<>();
                    }
                    theirs.add(user);
                }
            }
            if (theirs != null) {
                nodes.add(Map.entry(node.getKey(), theirs));
            }
        }
        return nodes;
    }

    private Set<UUID> recipients(LogRecord record) {
        if (record.room() != null) {
            try {
                return rooms.membersNow(new RoomName(record.room()));
            } catch (RuntimeException e) {
                throttled.warn("Could not deliver {} live: {}", record.serverMsgId(), e.toString());
                return Set.of();
            }
        }
        return record.to() == null ? Set.of(record.from()) : Conversations.participants(record.from(), record.to());
    }
}
