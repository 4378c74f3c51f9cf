package dev.parley.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.accounts.AuthenticatedUser;
import dev.parley.history.ArchivedMessage;
import dev.parley.history.ArchivedMessages;
import dev.parley.log.LogRecord;
import dev.parley.log.LogUnavailableException;
import dev.parley.log.MessageLog;
import dev.parley.system.ParleyError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The send path: validate, resolve the conversation, write to the log, ack once the log has it.
 * <p>
 * Idempotency: the server message id is derived from (sender, clientMsgId), so a retry names the
 * same message. A retry that finds the message still in flight or recently acked on this node
 * shares that outcome; one that finds it in the archive gets the stored ack. Only a message seen
 * nowhere is written, and the archive drops a record whose id it already holds, so a retry is never
 * stored or delivered twice.
 */
public final class MessageSender {

    private static final Logger logger = LoggerFactory.getLogger(MessageSender.class);

    private final SendValidation validation;
    private final ConversationResolver resolver;
    private final ArchivedMessages archive;
    private final MessageLog log;
    private final Clock clock;
    private final Cache<UUID, CompletableFuture<MessageAck>> recent = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(10)).build();

    MessageSender(SendValidation validation, ConversationResolver resolver, ArchivedMessages archive, MessageLog log, Clock clock) {
        this.validation = validation;
        this.resolver = resolver;
        this.archive = archive;
        this.log = log;
        this.clock = clock;
    }

    /** Sends and waits for the ack (REST). */
    public Mono<MessageAck> send(AuthenticatedUser sender, SendCommand command) {
        return submit(sender, command, null).flatMap(Mono::fromFuture);
    }

    /**
     * Validates, resolves and hands the message to the log. The returned Mono completes as soon as
     * the message is queued for the log, with the future of its ack: a connection that submits its
     * messages one after another keeps their order in the log without waiting for each ack.
     */
    public Mono<CompletableFuture<MessageAck>> submit(AuthenticatedUser sender, SendCommand raw, String originSession) {
        SendCommand command;
        try {
            command = validation.validate(raw);
        } catch (ParleyError e) {
            return Mono.error(e);
        }
        UUID serverMsgId = serverMsgId(sender.userId(), command.clientMsgId());
        CompletableFuture<MessageAck> known = recent.getIfPresent(serverMsgId);
        if (known != null) {
            return Mono.just(known);
        }
        return resolver.resolve(sender, command).flatMap(target -> archivedAck(serverMsgId).map(archived -> archived
                .map(m -> CompletableFuture.completedFuture(new MessageAck(m.clientMsgId(), m.serverMsgId(), m.conversationId(), m.seq(), m.sentAt())))
                .orElseGet(() -> append(sender, command, serverMsgId, target, originSession))));
    }

    /**
     * The archive's record of an earlier attempt. If the archive cannot be asked, the send goes
     * ahead: the log stays available, and the archive still refuses a second copy of the id.
     */
    private Mono<Optional<ArchivedMessage>> archivedAck(UUID serverMsgId) {
        return archive.find(serverMsgId).onErrorResume(ParleyError.class, e -> {
            logger.warn("Archive lookup for {} failed ({}); sending without the idempotency check", serverMsgId, e.getMessage());
            return Mono.just(Optional.empty());
        });
    }

    static UUID serverMsgId(UUID senderId, String clientMsgId) {
        return UUID.nameUUIDFromBytes((senderId + "/" + clientMsgId).getBytes(StandardCharsets.UTF_8));
    }

    private CompletableFuture<MessageAck> append(AuthenticatedUser sender, SendCommand command, UUID serverMsgId,
                                                 ConversationResolver.Target target, String originSession) {
        CompletableFuture<MessageAck> mine = new CompletableFuture<>();
        CompletableFuture<MessageAck> concurrent = recent.asMap().putIfAbsent(serverMsgId, mine);
        if (concurrent != null) {
            return concurrent;
        }
        LogRecord record = new LogRecord(LogRecord.VERSION, serverMsgId, command.clientMsgId(), target.conversationId(),
                sender.userId(), sender.username(),
                target.recipient().map(u -> u.id()).orElse(null), target.recipient().map(u -> u.username()).orElse(null),
                target.room().map(r -> r.value()).orElse(null),
                command.content(), command.attachmentUrl(), clock.instant(), originSession);
        log.append(record).whenComplete((position, error) -> {
            if (error != null) {
                recent.asMap().remove(serverMsgId, mine);
                mine.completeExceptionally(notStored(error));
            } else {
                mine.complete(new MessageAck(record.clientMsgId(), serverMsgId, record.conversationId(), position.offset(), record.sentAt()));
            }
        });
        return mine;
    }

    private static ParleyError notStored(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String reason = cause instanceof LogUnavailableException ? cause.getMessage() : "the message log failed";
        return ParleyError.unavailable("not_stored", "The message was not stored (" + reason
                + "); retry with the same clientMsgId");
    }
}
