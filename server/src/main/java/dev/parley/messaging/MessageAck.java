package dev.parley.messaging;

import java.time.Instant;
import java.util.UUID;

/** What the sender learns once the log has its message: the message is durable. */
public record MessageAck(String clientMsgId, UUID serverMsgId, String conversationId, long seq, Instant sentAt) {
}
