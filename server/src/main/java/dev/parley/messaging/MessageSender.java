package dev.parley.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.parley.accounts.AuthenticatedUser;
import dev.parley.conversations.ConversationAccess;
import dev.parley.log.Backlogs;
import dev.parley.log.LogRecord;
import dev.parley.log.LogTail;
import dev.parley.log.LogUnavailableException;
import dev.parley.log.MessageLog;
import dev.parley.system.ParleyError;
import dev.parley.system.Quota;
import dev.parley.tracing.MessageTracing;
import io.micrometer.tracing.Span;
import reactor.core.publisher.Mono;

/**
 * The send path: validate, check the node can deliver in time, resolve the conversation, write to
 * the log, ack once the log has it. No database round trip for a known recipient or room (a reply
 * looks up its original). Changes to messages (edits, deletes, reactions) take the same path:
 * they are records of the log too, with the same ack and idempotency ({@link Records}).
 * <p>
 * Idempotency: the server message id is derived from (sender, clientMsgId), so a retry names the
 * same message. A retry finds it in flight or recently acked on this node (a cache of ack
 * futures, {@value #RECENT_MINUTES} minutes), or among the ids of the newest messages in the log
 * ({@link LogTail}), and gets the original ack. A retry older than both is written again; its ack
 * carries the same serverMsgId, and live routing and the archive drop the second copy, so it is
 * never delivered or stored twice.
 */
public final class MessageSender {

    static final int RECENT_MINUTES = 10;

    private final SendValidation validation;
    private final ConversationAccess access;
    private final MessageLog log;
    private final LogTail tail;
    private final Backlogs backlogs;
    private final Records changes;
    private final MessageTracing tracing;
    private final SendOutcomes outcomes;
    private final RecentSends recent = new RecentSends(Duration.ofMinutes(RECENT_MINUTES), 100_000);
    /** Per user, WebSocket and REST together: a connection belongs to one user, so this bounds each connection too. */
    private final Quota<UUID> quota;

    MessageSender(SendValidation validation, ConversationAccess access, MessageLog log, LogTail tail, Backlogs backlogs, Records changes,
                  MessageTracing tracing, SendOutcomes outcomes, Quota<UUID> quota) {
        this.quota = quota;
        this.tracing = tracing;
        this.outcomes = outcomes;
        this.validation = validation;
        this.access = access;
        this.log = log;
        this.tail = tail;
        this.backlogs = backlogs;
        this.changes = changes;
    }

    /**
     * Sends and waits for the ack (REST). A client that hangs up before the answer cancels only
     * its wait: the send goes on, and a retry gets its ack.
     */
    public Mono<MessageAck> send(AuthenticatedUser sender, SendCommand command) {
        return submit(sender, command, null).flatMap(pending -> Mono.fromFuture(pending, true));
    }

    /**
     * Validates, resolves and hands the message to the log. The returned Mono completes as soon as
     * the message is queued for the log, with the future of its ack: a connection that submits its
     * messages one after another keeps their order in the log without waiting for each ack.
     * Each caller gets its own copy of the ack future (see {@link RecentSends}).
     */
    public Mono<CompletableFuture<MessageAck>> submit(AuthenticatedUser sender, SendCommand raw, String originSession) {
        return traced("message.send", sender, () -> {
            SendCommand command = validation.validate(raw);
            return new Admitted(command.clientMsgId(), serverMsgId(sender.userId(), command.clientMsgId()),
                    id -> access.sendTarget(sender.userId(), command.to(), command.conversationId())
                            .flatMap(target -> changes.message(sender, command, id, target, originSession)));
        });
    }

    /** The same for a change to a message: an edit, a delete, a reaction added or removed. */
    public Mono<CompletableFuture<MessageAck>> submit(AuthenticatedUser sender, ChangeCommand raw, String originSession) {
        return traced("message.change", sender, () -> {
            ChangeCommand command = validation.validate(raw);
            // A reaction without a clientMsgId is a new record each time: adding or removing twice has one effect anyway.
            UUID id = command.clientMsgId() == null ? UUID.randomUUID() : serverMsgId(sender.userId(), command.clientMsgId());
            return new Admitted(command.clientMsgId(), id, changeId -> changes.change(sender, command, changeId, originSession));
        });
    }

    /** A validated command: its id, and how to build its record once it is known to be new. */
    private record Admitted(String clientMsgId, UUID serverMsgId, java.util.function.Function<UUID, Mono<LogRecord>> record) {
    }

    private Mono<CompletableFuture<MessageAck>> traced(String name, AuthenticatedUser sender, java.util.function.Supplier<Admitted> command) {
        long started = System.nanoTime();
        Span span = tracing.start(name, Span.Kind.SERVER);
        return admit(sender, command, MessageTracing.traceparent(span))
                .doOnNext(pending -> pending.whenComplete((ack, error) -> {
                    if (error == null) {
                        outcomes.acked(started, span);
                    } else {
                        outcomes.refused(error, span);
                    }
                }))
                .doOnError(error -> outcomes.refused(error, span))
                .doOnCancel(() -> SendOutcomes.abandoned(span));
    }

    private Mono<CompletableFuture<MessageAck>> admit(AuthenticatedUser sender, java.util.function.Supplier<Admitted> validated, String trace) {
        // First, so a flood costs one bucket look-up per frame and no validation, log or database work.
        long wait = quota.take(sender.userId());
        if (wait > 0) {
            return Mono.error(ParleyError.rateLimited("Too many messages; nothing was stored, retry with the same clientMsgId after "
                    + wait + " ms", wait));
        }
        Admitted command;
        try {
            command = validated.get();
        } catch (ParleyError e) {
            return Mono.error(e);
        }
        UUID serverMsgId = command.serverMsgId();
        CompletableFuture<MessageAck> known = recent.find(serverMsgId);
        if (known != null) {
            return Mono.just(known);
        }
        var inLog = tail.firstCopy(serverMsgId);
        if (inLog.isPresent()) {
            LogTail.Seen seen = inLog.get();
            return Mono.just(CompletableFuture.completedFuture(
                    new MessageAck(command.clientMsgId(), serverMsgId, seen.conversationId(), seen.seq(), seen.sentAt())));
        }
        Backlogs.Backlog behind = backlogs.exceeded();
        if (behind != null) {
            return Mono.error(ParleyError.overloaded("The server cannot deliver more right now (" + behind.name() + " is "
                    + behind.lag().millis() + " ms behind); nothing was stored, retry with the same clientMsgId", retryAfter(behind)));
        }
        return command.record().apply(serverMsgId).map(record -> append(record, trace));
    }

    static UUID serverMsgId(UUID senderId, String clientMsgId) {
        return UUID.nameUUIDFromBytes((senderId + "/" + clientMsgId).getBytes(StandardCharsets.UTF_8));
    }

    /** About the time the consumer needs to come back within its bound, at least 100 ms, at most 5 s. */
    private static long retryAfter(Backlogs.Backlog behind) {
        return Math.clamp(behind.lag().millis() - behind.bound().toMillis() + 100, 100, 5_000);
    }

    private CompletableFuture<MessageAck> append(LogRecord record, String trace) {
        UUID serverMsgId = record.serverMsgId();
        CompletableFuture<MessageAck> mine = new CompletableFuture<>();
        CompletableFuture<MessageAck> concurrent = recent.claim(serverMsgId, mine);
        if (concurrent != null) {
            return concurrent;
        }
        log.append(record, trace).whenComplete((position, error) -> {
            if (error != null) {
                recent.failed(serverMsgId, mine);
                mine.completeExceptionally(notStored(error));
            } else {
                mine.complete(new MessageAck(record.clientMsgId(), serverMsgId, record.conversationId(), position.offset(), record.sentAt()));
            }
        });
        return mine.copy();
    }

    private static ParleyError notStored(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof LogUnavailableException e && e.busy()) {
            return ParleyError.overloaded("Too many messages are waiting for the log; nothing was stored, retry with the same clientMsgId", 200);
        }
        String reason = cause instanceof LogUnavailableException ? cause.getMessage() : "the message log failed";
        return ParleyError.unavailable("not_stored", "The message was not stored (" + reason
                + "); retry with the same clientMsgId");
    }
}
