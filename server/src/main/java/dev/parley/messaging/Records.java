package dev.parley.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.parley.accounts.AuthenticatedUser;
import dev.parley.conversations.ConversationAccess;
import dev.parley.conversations.MessageLookup;
import dev.parley.conversations.MessageView;
import dev.parley.log.LogRecord;
import dev.parley.log.Reaction;
import dev.parley.system.ParleyError;
import reactor.core.publisher.Mono;

/**
 * Builds the log record of a message or of a change to one, after the checks that need the
 * message changed (or replied to) in its current state: only its author edits or deletes it, a
 * deleted message takes no change and no reply, an edit comes within the edit window, a reply
 * quotes a message of its own conversation.
 */
final class Records {

    /** The start of the original a reply quotes, in characters. */
    static final int QUOTE_CHARS = 140;
    /** Different emoji on one message: a bound on what every reaction record and event carries. */
    static final int MAX_EMOJI_PER_MESSAGE = 20;

    private final MessageLookup messages;
    private final Clock clock;
    private final Duration editWindow;

    Records(MessageLookup messages, Clock clock, Duration editWindow) {
        this.messages = messages;
        this.clock = clock;
        this.editWindow = editWindow;
    }

    Mono<LogRecord> message(AuthenticatedUser sender, SendCommand command, UUID id, ConversationAccess.Target target, String originSession) {
        String conversation = target.conversationId();
        UUID to = target.recipient().map(u -> u.id()).orElse(null);
        String toUsername = target.recipient().map(u -> u.username()).orElse(null);
        String room = target.room().map(r -> r.value()).orElse(null);
        if (command.replyTo() == null) {
            return Mono.just(new LogRecord(LogRecord.VERSION, id, command.clientMsgId(), conversation, sender.userId(), sender.username(),
                    to, toUsername, room, command.content(), command.attachmentUrl(), clock.instant(), originSession));
        }
        return messages.find(sender.userId(), UUID.fromString(command.replyTo())).map(original -> {
            if (!original.conversationId().equals(conversation)) {
                throw ParleyError.invalid("replyTo", "replyTo must be a message of the same conversation");
            }
            requireNotDeleted(original);
            return new LogRecord(LogRecord.VERSION, id, command.clientMsgId(), conversation, sender.userId(), sender.username(),
                    to, toUsername, room, command.content(), command.attachmentUrl(), clock.instant(), originSession,
                    null, null, null, null, original.serverMsgId(), original.fromUsername(), quote(original), null);
        });
    }

    Mono<LogRecord> change(AuthenticatedUser user, ChangeCommand command, UUID id, String originSession) {
        return messages.find(user.userId(), UUID.fromString(command.serverMsgId())).map(message -> {
            requireNotDeleted(message);
            Instant now = clock.instant();
            String kind = switch (command.kind()) {
                case ChangeCommand.EDIT -> LogRecord.EDIT;
                case ChangeCommand.DELETE -> LogRecord.DELETE;
                default -> LogRecord.REACTION;
            };
            if (!command.isReaction()) {
                requireAuthor(user, message, command.kind().equals(ChangeCommand.EDIT) ? "edit" : "delete");
            }
            if (command.kind().equals(ChangeCommand.EDIT) && !editWindow.isZero() && now.isAfter(message.sentAt().plus(editWindow))) {
                throw ParleyError.forbidden("edit_window_passed", "Messages can be edited for " + editWindow.toMinutes()
                        + " minutes after they are sent");
            }
            List<Reaction> reactions = null;
            Boolean added = null;
            if (command.isReaction()) {
                added = command.kind().equals(ChangeCommand.REACT);
                reactions = Reaction.apply(message.reactions(), command.emoji(), new Reaction.Reactor(user.userId(), user.username()), added);
                if (reactions.size() > MAX_EMOJI_PER_MESSAGE && reactions.size() > message.reactions().size()) {
                    throw ParleyError.conflict("too_many_reactions", "A message can carry at most " + MAX_EMOJI_PER_MESSAGE + " different emoji");
                }
            }
            // Addressed like the message, so that it reaches the same sessions.
            boolean mine = user.userId().equals(message.from());
            UUID to = message.room() != null ? null : mine ? message.to() : message.from();
            String toUsername = message.room() != null ? null : mine ? message.toUsername() : message.fromUsername();
            return new LogRecord(LogRecord.VERSION, id, command.clientMsgId(), message.conversationId(), user.userId(), user.username(),
                    to, toUsername, message.room(), command.kind().equals(ChangeCommand.EDIT) ? command.content() : null, null, now,
                    originSession, kind, message.serverMsgId(), command.isReaction() ? command.emoji() : null, added, null, null, null, reactions);
        });
    }

    private static void requireNotDeleted(MessageView message) {
        if (message.deletedAt() != null) {
            throw ParleyError.conflict("message_deleted", "Message " + message.serverMsgId() + " was deleted");
        }
    }

    private static void requireAuthor(AuthenticatedUser user, MessageView message, String what) {
        if (!user.userId().equals(message.from())) {
            throw ParleyError.forbidden("not_author", "Only the author of a message can " + what + " it");
        }
    }

    /** The start of the original's text, or its attachment's URL when it has no text. */
    private static String quote(MessageView original) {
        String text = original.content() == null || original.content().isBlank() ? original.attachmentUrl() : original.content();
        if (text == null) {
            return null;
        }
        if (text.codePointCount(0, text.length()) <= QUOTE_CHARS) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, QUOTE_CHARS - 1)) + "…";
    }
}
