package dev.parley.conversations;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.parley.log.LogTail;
import dev.parley.log.LoggedMessage;
import dev.parley.system.Blocking;
import dev.parley.system.ParleyError;
import reactor.core.publisher.Mono;

/**
 * Finds a message by its serverMsgId, in its current state, for a user of its conversation: what
 * the change path checks an edit, delete, reaction or reply against. The archive has most
 * messages; a newer one is in the log beyond it ({@link Unarchived}), found through the ids the
 * router remembers or, for a partition another node routes, by reading the log beyond the archive.
 */
public final class MessageLookup {

    private final HistoryStore store;
    private final Unarchived unarchived;
    private final LogTail tail;
    private final ConversationAccess access;
    private final Blocking blocking;

    MessageLookup(HistoryStore store, Unarchived unarchived, LogTail tail, ConversationAccess access, Blocking blocking) {
        this.store = store;
        this.unarchived = unarchived;
        this.tail = tail;
        this.access = access;
        this.blocking = blocking;
    }

    /** The message, if {@code user} belongs to its conversation; {@code message_not_found} otherwise (nothing is revealed). */
    public Mono<MessageView> find(UUID user, UUID serverMsgId) {
        return blocking.call(() -> current(serverMsgId))
                .flatMap(found -> found.map(message -> access.audienceFor(user, message.conversationId())
                                // An outsider learns nothing, not even that the message exists; other errors (the database away) stay as they are.
                                .onErrorMap(e -> e instanceof ParleyError p && p.status() == 403, e -> notFound(serverMsgId))
                                .thenReturn(message))
                        .orElseGet(() -> Mono.error(notFound(serverMsgId))));
    }

    private Optional<MessageView> current(UUID id) {
        String conversation = tail.firstCopy(id).map(LogTail.Seen::conversationId).orElse(null);
        Optional<MessageView> archived = Optional.empty();
        if (conversation == null) {
            archived = store.byId(id);
            conversation = archived.map(MessageView::conversationId).orElse(null);
        }
        List<LoggedMessage> cut;
        if (conversation != null) {
            cut = unarchived.conversation(conversation).messages();
        } else {
            cut = unarchived.all(m -> id.equals(m.record().serverMsgId())).messages();
            if (cut.isEmpty()) {
                return Optional.empty();
            }
            cut = unarchived.conversation(cut.getFirst().record().conversationId()).messages();
        }
        Optional<MessageView> found = cut.stream()
                .filter(m -> m.record().isMessage() && id.equals(m.record().serverMsgId()))
                .findFirst().map(MessageView::of);
        if (found.isEmpty()) {
            found = archived.isPresent() ? archived : store.byId(id);
        }
        Changes changes = new Changes(cut);
        return found.map(changes::apply);
    }

    private static ParleyError notFound(UUID id) {
        return ParleyError.notFound("message_not_found", "No message " + id + " in your conversations");
    }
}
