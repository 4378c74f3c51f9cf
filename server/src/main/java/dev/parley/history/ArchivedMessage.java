package dev.parley.history;

import java.time.Instant;
import java.util.UUID;

/** A message as the archive holds it. */
public record ArchivedMessage(UUID serverMsgId, String clientMsgId, String conversationId, long seq, Instant sentAt) {
}
