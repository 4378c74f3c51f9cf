package dev.parley.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.parley.system.Blocking;
import reactor.core.publisher.Mono;

/**
 * Read access to the archive for other capabilities.
 * <p>
 * Every send asks whether its id is archived already (idempotent retries), so lookups are
 * batched: they queue up, and one task on the blocking pool answers everything queued with one
 * query. At a low rate that is one lookup per query, as before; at thousands of sends per second
 * it saves a thread hand-off and a statement per send.
 */
public final class ArchivedMessages {

    private static final int MAX_BATCH = 500;

    private record Lookup(UUID serverMsgId, CompletableFuture<Optional<ArchivedMessage>> answer) {
    }

    private final MessageStore store;
    private final Blocking blocking;
    private final Queue<Lookup> queued = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    ArchivedMessages(MessageStore store, Blocking blocking) {
        this.store = store;
        this.blocking = blocking;
    }

    public Mono<Optional<ArchivedMessage>> find(UUID serverMsgId) {
        return Blocking.translated(Mono.defer(() -> {
            Lookup lookup = new Lookup(serverMsgId, new CompletableFuture<>());
            queued.add(lookup);
            drainSoon();
            return Mono.fromFuture(lookup.answer());
        }));
    }

    private void drainSoon() {
        if (!queued.isEmpty() && draining.compareAndSet(false, true)) {
            blocking.call(() -> {
                drain();
                return Boolean.TRUE;
            }).subscribe(done -> {
            }, this::failQueued); // the pool refused the task (overloaded): nobody else will answer these
        }
    }

    private void drain() {
        try {
            List<Lookup> batch;
            while (!(batch = take()).isEmpty()) {
                answer(batch);
            }
        } finally {
            draining.set(false);
            drainSoon(); // a lookup queued after the last take() but before draining was cleared
        }
    }

    private List<Lookup> take() {
        List<Lookup> batch = new ArrayList<>();
        Lookup lookup;
        while (batch.size() < MAX_BATCH && (lookup = queued.poll()) != null) {
            batch.add(lookup);
        }
        return batch;
    }

    private void answer(List<Lookup> batch) {
        try {
            Map<UUID, ArchivedMessage> found = store.findAll(batch.stream().map(Lookup::serverMsgId).distinct().toList());
            batch.forEach(l -> l.answer().complete(Optional.ofNullable(found.get(l.serverMsgId()))));
        } catch (RuntimeException e) {
            batch.forEach(l -> l.answer().completeExceptionally(e));
        }
    }

    private void failQueued(Throwable error) {
        draining.set(false);
        Lookup lookup;
        while ((lookup = queued.poll()) != null) {
            lookup.answer().completeExceptionally(error);
        }
    }
}
