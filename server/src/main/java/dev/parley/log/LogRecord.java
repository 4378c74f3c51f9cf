package dev.parley.log;

import java.time.Instant;
import java.util.UUID;

/**
 * One message as it is written to the log: the record value, JSON encoded. The record key is
 * {@link #conversationId()}, so every message of a conversation lands on one partition and keeps
 * its order there. Documented for outside consumers in docs/architecture.md.
 *
 * @param to           recipient's user id for a direct message, null for a room
 * @param room         room name for a room message, null for a direct message
 * @param originSession the gateway session that sent it (it gets an ack, not a copy); null for REST
 */
public record LogRecord(
        int v,
        UUID serverMsgId,
        String clientMsgId,
        String conversationId,
        UUID from,
        String fromUsername,
        UUID to,
        String toUsername,
        String room,
        String content,
        String attachmentUrl,
        Instant sentAt,
        String originSession) {

    public static final int VERSION = 1;
}
