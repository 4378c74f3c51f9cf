package dev.parley.log;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One record of the log, JSON encoded: a message, or a change to one (an edit, a delete, a
 * reaction). The record key is {@link #conversationId()}, so every record of a conversation lands on
 * one partition and keeps its order there; a change has its own offset, which is its seq in the
 * conversation. Documented for outside consumers in docs/architecture.md.
 *
 * @param serverMsgId   the message's id, or the change's own id (derived the same way from the author's clientMsgId)
 * @param from          the author of a message; the user who made a change
 * @param to            recipient's user id for a direct message, null for a room
 * @param room          room name for a room message, null for a direct message
 * @param content       a message's text, or an edit's new text
 * @param sentAt        when the message was sent or the change made
 * @param originSession the gateway session that sent it (it gets an ack, not a copy); null for REST
 * @param kind          null for a message, else {@link #EDIT}, {@link #DELETE} or {@link #REACTION}
 * @param target        the message a change applies to
 * @param emoji         a reaction's emoji
 * @param added         a reaction added (true) or removed (false)
 * @param replyTo       the message a message replies to, with its author's name and a short quote of it
 * @param reactions     on a reaction record, the message's reactions after it: what the router tells clients when it
 *                      has not seen the message's earlier reactions itself
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
        String originSession,
        @JsonInclude(JsonInclude.Include.NON_NULL) String kind,
        @JsonInclude(JsonInclude.Include.NON_NULL) UUID target,
        @JsonInclude(JsonInclude.Include.NON_NULL) String emoji,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean added,
        @JsonInclude(JsonInclude.Include.NON_NULL) UUID replyTo,
        @JsonInclude(JsonInclude.Include.NON_NULL) String replyFrom,
        @JsonInclude(JsonInclude.Include.NON_NULL) String replyQuote,
        @JsonInclude(JsonInclude.Include.NON_NULL) java.util.List<Reaction> reactions) {

    public static final int VERSION = 1;
    public static final String EDIT = "edit";
    public static final String DELETE = "delete";
    public static final String REACTION = "reaction";

    /** A message that replies to nothing. */
    public LogRecord(int v, UUID serverMsgId, String clientMsgId, String conversationId, UUID from, String fromUsername, UUID to,
                     String toUsername, String room, String content, String attachmentUrl, Instant sentAt, String originSession) {
        this(v, serverMsgId, clientMsgId, conversationId, from, fromUsername, to, toUsername, room, content, attachmentUrl, sentAt,
                originSession, null, null, null, null, null, null, null, null);
    }

    /** A message, as opposed to a change to one. */
    public boolean isMessage() {
        return kind == null;
    }
}
