package dev.parley.accounts;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.system.Blocking;
import reactor.core.publisher.Mono;

/**
 * Looks users up by id or username for other capabilities, with a bounded cache in front of the
 * database: the send path resolves a recipient on every message. Accounts are never renamed or
 * deleted, so cached entries cannot go stale; unknown names are not cached.
 */
public final class UserDirectory {

    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final UserStore store;
    private final Blocking blocking;
    private final Cache<UUID, User> byId = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(1)).build();
    private final Cache<String, User> byName = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(1)).build();

    UserDirectory(UserStore store, Blocking blocking) {
        this.store = store;
        this.blocking = blocking;
    }

    public Mono<Optional<User>> byId(UUID id) {
        User cached = byId.getIfPresent(id);
        if (cached != null) {
            return Mono.just(Optional.of(cached));
        }
        return blocking.call(() -> store.findById(id)).doOnNext(found -> found.ifPresent(this::remember));
    }

    public Mono<Optional<User>> byUsername(String username) {
        String key = username.trim().toLowerCase(Locale.ROOT);
        User cached = byName.getIfPresent(key);
        if (cached != null) {
            return Mono.just(Optional.of(cached));
        }
        return blocking.call(() -> store.findByUsername(key).map(UserStore.StoredUser::user))
                .doOnNext(found -> found.ifPresent(this::remember));
    }

    /** A user id (UUID text) or a username. */
    public Mono<Optional<User>> byIdOrUsername(String reference) {
        String trimmed = reference.trim();
        return UUID_TEXT.matcher(trimmed).matches() ? byId(UUID.fromString(trimmed)) : byUsername(trimmed);
    }

    void remember(User user) {
        byId.put(user.id(), user);
        byName.put(user.username(), user);
    }
}
