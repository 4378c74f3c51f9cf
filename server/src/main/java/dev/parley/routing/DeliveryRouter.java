package dev.parley.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.parley.conversations.ConversationEvent;
import dev.parley.conversations.Conversations;
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
 * Turns each record of the log into one event for the sessions of its recipients (both
 * participants of a direct message, every member of a room): {@code message.create} for a message,
 * {@code message.update}, {@code message.delete} or {@code reaction.update} for a change to one. The event is serialized once;
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
    private final ReactionStates reactions = new ReactionStates();

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
            ConversationEvent event = event(message);
            byte[] frame = json.writeValueAsBytes(new EventFrame(event.type(), event.data()));
            Delivery delivery = new Delivery(frame, event.type(), record.conversationId(), message.seq(), record.sentAt().toEpochMilli(),
                    MessageTracing.traceparent(span));
            // The session that made a change gets the event too (it has only an ack); the sender of a message does not.
            String origin = record.isMessage() ? record.originSession() : null;
            if (here) {
                sessions.deliver(recipients, delivery, origin);
            }
            for (Map.Entry<String, Set<UUID>> node : nodes) {
                forwarder.forward(node.getKey(), node.getValue(), delivery, origin);
            }
            if (broadcast) {
                forwarder.broadcast(recipients, delivery, origin);
            }
        } catch (RuntimeException e) {
            // The message is in the log: a client that missed it live gets it on resume.
            throttled.warn("Could not deliver {} live: {}", message.record().serverMsgId(), e.toString());
        } finally {
            MessageTracing.end(span);
        }
    }

    /** A record read but not routed (before where live routing begins): reactions are still counted from it. */
    void observe(LoggedMessage message) {
        LogRecord record = message.record();
        if (LogRecord.REACTION.equals(record.kind())) {
            reactions.after(record);
        } else if (LogRecord.DELETE.equals(record.kind())) {
            reactions.deleted(record);
        }
    }

    /** The partitions routed here changed. */
    void partitionsChanged() {
        reactions.forget();
    }

    private ConversationEvent event(LoggedMessage message) {
        LogRecord record = message.record();
        if (LogRecord.REACTION.equals(record.kind())) {
            return ConversationEvent.reaction(message, reactions.after(record));
        }
        observe(message);
        return ConversationEvent.of(message);
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
