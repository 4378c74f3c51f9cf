package dev.parley.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.parley.log.MessageTopic;
import dev.parley.log.TraceHeader;
import dev.parley.routing.Delivery;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The delivery topics between nodes, {@code parley.node.<nodeId>}: one short-lived topic per node,
 * read only by that node. A record is one event for some of that node's users: the value is the
 * frame exactly as sessions get it (serialized once by the router), the rest travels in headers.
 */
final class NodeTopics {

    private static final String PREFIX = "parley.node.";
    static final String USERS = "parley-users";
    static final String EXCEPT = "parley-except";
    static final String CONVERSATION = "parley-conversation";
    static final String SEQ = "parley-seq";
    static final String TYPE = "parley-type";
    static final String SENT_AT = "parley-sent-at";

    private NodeTopics() {
    }

    static String name(String nodeId) {
        return PREFIX + nodeId;
    }

    /** The node whose delivery topic {@code topic} is, or null if it is no node's. */
    static String nodeOf(String topic) {
        return topic.startsWith(PREFIX) ? topic.substring(PREFIX.length()) : null;
    }

    /** Creates this node's topic if needed: one partition (one reader, in order), kept only briefly. */
    static void ensure(Admin admin, String nodeId, MessageTopic.Durability durability, long retentionMillis) {
        MessageTopic.ensureTopic(admin, name(nodeId), 1, durability,
                Map.of("retention.ms", String.valueOf(retentionMillis), "cleanup.policy", "delete"));
    }

    /** {@code trace}: the traceparent of the forward's span, or null. */
    static Headers headers(Collection<UUID> users, Delivery delivery, String exceptSession, String trace) {
        RecordHeaders headers = new RecordHeaders();
        StringBuilder joined = new StringBuilder(users.size() * 37);
        for (UUID user : users) {
            if (!joined.isEmpty()) {
                joined.append(',');
            }
            joined.append(user);
        }
        headers.add(USERS, bytes(joined.toString()));
        if (exceptSession != null) {
            headers.add(EXCEPT, bytes(exceptSession));
        }
        headers.add(TYPE, bytes(delivery.type()));
        if (delivery.isMessage()) {
            headers.add(CONVERSATION, bytes(delivery.conversationId()));
            headers.add(SEQ, bytes(Long.toString(delivery.seq())));
            headers.add(SENT_AT, bytes(Long.toString(delivery.sentAt())));
        }
        TraceHeader.write(headers, trace);
        return headers;
    }

    /** What a record says: its users, the delivery and the session that must not get it. */
    record Forwarded(List<UUID> users, Delivery delivery, String exceptSession) {

        static Forwarded read(Headers headers, byte[] frame) {
            List<UUID> users = new ArrayList<>();
            String joined = text(headers.lastHeader(USERS));
            if (joined != null && !joined.isEmpty()) {
                for (String user : joined.split(",")) {
                    users.add(UUID.fromString(user));
                }
            }
            String conversation = text(headers.lastHeader(CONVERSATION));
            String seq = text(headers.lastHeader(SEQ));
            String type = text(headers.lastHeader(TYPE));
            String sentAt = text(headers.lastHeader(SENT_AT));
            Delivery delivery = conversation == null || seq == null
                    ? Delivery.ephemeral(type == null ? "other" : type, frame)
                    : new Delivery(frame, type == null ? Delivery.MESSAGE : type, conversation, Long.parseLong(seq),
                    sentAt == null ? 0 : Long.parseLong(sentAt), TraceHeader.read(headers));
            return new Forwarded(users, delivery, text(headers.lastHeader(EXCEPT)));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
