package dev.parley.history;

import java.util.Optional;
import java.util.UUID;

import dev.parley.system.Blocking;
import reactor.core.publisher.Mono;

/** Read access to the archive for other capabilities. */
public final class ArchivedMessages {

    private final MessageStore store;
    private final Blocking blocking;

    ArchivedMessages(MessageStore store, Blocking blocking) {
        this.store = store;
        this.blocking = blocking;
    }

    public Mono<Optional<ArchivedMessage>> find(UUID serverMsgId) {
        return blocking.call(() -> store.find(serverMsgId));
    }
}
