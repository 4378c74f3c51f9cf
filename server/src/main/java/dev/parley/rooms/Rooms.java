package dev.parley.rooms;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.system.Blocking;
import dev.parley.system.ParleyError;
import dev.parley.system.Quota;
import org.springframework.context.ApplicationEventPublisher;
import reactor.core.publisher.Mono;

/**
 * Room membership. Joining creates the room if needed; membership is stored and survives
 * reconnects and restarts. Member sets are cached because every room message needs them (for
 * the sender's permission and for fan-out); this node's joins and leaves invalidate it, and in
 * cluster mode every other node's too ({@link #forget}, through dev.parley.cluster).
 */
public final class Rooms {

    public record Membership(RoomName room, int members) {
    }

    /** Published synchronously after any join or leave is stored and this node's cache dropped: other nodes must drop theirs. */
    public record MembersChanged(RoomName room) {
    }

    /** A room in the directory. */
    public record Listed(String room, int members, boolean joined) {
    }

    private final RoomStore store;
    private final Blocking blocking;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final AsyncLoadingCache<String, Set<UUID>> members;
    static final long MEMBERS_WAIT_MILLIS = 2_000;
    /** Rooms created per user: joining one that exists costs nothing. */
    private final Quota<UUID> creations;

    Rooms(RoomStore store, Blocking blocking, Clock clock, ApplicationEventPublisher events, RoomLimits limits) {
        this.store = store;
        this.creations = new Quota<>(limits.createdPerHour() / 3600.0, limits.createdPerHour());
        this.events = events;
        this.blocking = blocking;
        this.clock = clock;
        this.members = Caffeine.newBuilder()
                .maximumSize(50_000)
                .expireAfterAccess(Duration.ofMinutes(30))
                .buildAsync((room, executor) -> blocking.call(() -> Set.copyOf(store.members(room))).toFuture());
    }

    public Mono<Membership> join(RoomName room, UUID userId) {
        return change(room, () -> {
            if (!store.exists(room.value())) {
                long wait = creations.take(userId);
                if (wait > 0) {
                    throw ParleyError.rateLimited("Too many rooms created; join an existing one or try again later", wait);
                }
            }
            store.join(room.value(), userId, clock.instant());
            events.publishEvent(new RoomJoined(room, userId));
        });
    }

    public Mono<Membership> leave(RoomName room, UUID userId) {
        return change(room, () -> store.leave(room.value(), userId));
    }

    /** Another node changed this room's members: the next reader loads them again. */
    public void forget(String room) {
        members.synchronous().invalidate(room);
    }

    /** Changes may have been missed (the channel that carries them was down): every member set is loaded again. */
    public void forgetAll() {
        members.synchronous().invalidateAll();
    }

    /**
     * Writes the change, then drops the cached member set so that the next reader loads it after
     * the write. (Putting the set this change read back into the cache lost members: two joins at
     * once could each read before the other's write, and the later put then left one of them out.)
     */
    private Mono<Membership> change(RoomName room, Runnable update) {
        return blocking.call(() -> {
            update.run();
            members.synchronous().invalidate(room.value());
            events.publishEvent(new MembersChanged(room));
            return new Membership(room, store.members(room.value()).size());
        });
    }

    /** The room directory, by name: at most {@code limit} rooms starting with {@code prefix}, after {@code afterName}. */
    public Mono<java.util.List<Listed>> list(String prefix, UUID user, String afterName, int limit) {
        return blocking.call(() -> store.list(prefix, user, afterName, limit));
    }

    public Mono<Set<UUID>> members(RoomName room) {
        return Mono.fromFuture(members.get(room.value()));
    }

    /**
     * Blocking variant for callers already off the event loop (the live router): a member set not
     * in the cache is loaded, but waited for at most {@value #MEMBERS_WAIT_MILLIS} ms, so that a slow
     * database cannot stall routing for long.
     */
    public Set<UUID> membersNow(RoomName room) {
        try {
            return members.get(room.value()).get(MEMBERS_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the members of room " + room.value(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("members of room " + room.value() + " not available: " + e, e);
        }
    }
}
