package dev.parley.presence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.parley.accounts.AuthenticatedUser;
import dev.parley.accounts.User;
import dev.parley.conversations.ConversationList;
import dev.parley.gateway.SessionsChanged;
import dev.parley.rooms.Rooms;
import dev.parley.routing.Directory;
import dev.parley.routing.Notifications;
import dev.parley.routing.Sessions;
import dev.parley.system.Blocking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Online, offline and last seen. A user is online while any session of theirs is open on any node
 * (multi-device). Going offline is debounced: when a user's last session on a node closes, the
 * node looks again {@link #DEBOUNCE} later, and only if no session is open anywhere then does it
 * record "last seen" and tell others; a reconnect within that time (to any node) is not noticed.
 * Changes are pushed as {@code presence} events to the user's direct partners and to the members
 * of their rooms of at most {@link #ROOM_LIMIT} members, if they are online.
 */
public final class Presence {

    private static final Logger log = LoggerFactory.getLogger(Presence.class);
    static final Duration DEBOUNCE = Duration.ofSeconds(5);
    static final int ROOM_LIMIT = 500;

    /** One user's presence; {@code lastSeen} is when their last session closed (null if never recorded). */
    public record Status(UUID userId, String username, boolean online, Instant lastSeen) {
    }

    private final Sessions sessions;
    private final Directory directory;
    private final Notifications notifications;
    private final ConversationList conversations;
    private final Rooms rooms;
    private final LastSeenStore lastSeen;
    private final Blocking blocking;
    private final Clock clock;
    private final Map<UUID, ScheduledFuture<?>> goingOffline = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-presence");
        t.setDaemon(true);
        return t;
    });

    Presence(Sessions sessions, Directory directory, Notifications notifications, ConversationList conversations, Rooms rooms,
             LastSeenStore lastSeen, Blocking blocking, Clock clock) {
        this.sessions = sessions;
        this.directory = directory;
        this.notifications = notifications;
        this.conversations = conversations;
        this.rooms = rooms;
        this.lastSeen = lastSeen;
        this.blocking = blocking;
        this.clock = clock;
    }

    void stop() {
        timer.shutdownNow();
    }

    @EventListener
    void onSessionsChanged(SessionsChanged change) {
        if (change.online()) {
            arrived(change.user());
        } else {
            Instant at = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // as the database keeps it
            goingOffline.put(change.user().userId(),
                    timer.schedule(() -> maybeLeft(change.user(), at), DEBOUNCE.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    /** The user's first session on this node (registered in the directory by now). */
    private void arrived(AuthenticatedUser user) {
        ScheduledFuture<?> pending = goingOffline.remove(user.userId());
        if (pending != null && pending.cancel(false)) {
            return; // back within the debounce: nobody was told it had gone
        }
        directory.elsewhereLater(List.of(user.userId()))
                .filter(elsewhere -> elsewhere.isEmpty()) // already online on another node: nothing changed
                .flatMap(none -> push(new Status(user.userId(), user.username(), true, null)))
                .subscribe(null, error -> log.debug("Presence of {} not pushed: {}", user.username(), error.toString()));
    }

    private void maybeLeft(AuthenticatedUser user, Instant at) {
        goingOffline.remove(user.userId());
        if (sessions.holdsAny(List.of(user.userId()))) {
            return;
        }
        directory.elsewhereLater(List.of(user.userId()))
                .filter(elsewhere -> elsewhere.isEmpty())
                .flatMap(none -> blocking.call(() -> {
                            lastSeen.record(user.userId(), at);
                            return at;
                        }).then(push(new Status(user.userId(), user.username(), false, at))))
                .subscribe(null, error -> log.debug("Presence of {} not pushed: {}", user.username(), error.toString()));
    }

    private Mono<Void> push(Status status) {
        return audience(status.userId()).doOnNext(audience -> notifications.presence(status.userId(), status.username(), status.online(), status.lastSeen(), audience)).then();
    }

    /** Direct partners, and members of the user's rooms that are small enough. */
    private Mono<Set<UUID>> audience(UUID user) {
        return conversations.contacts(user).flatMap(contacts -> Flux.fromIterable(contacts.rooms())
                .flatMap(rooms::members)
                .filter(members -> members.size() <= ROOM_LIMIT)
                .collect(() -> new HashSet<>(contacts.partners()), Set::addAll)
                .map(audience -> {
                    audience.remove(user);
                    return audience;
                }));
    }

    /** The presence of each of {@code users} right now. */
    public Mono<List<Status>> of(List<User> users) {
        List<UUID> ids = users.stream().map(User::id).toList();
        return Mono.zip(directory.elsewhereLater(ids), blocking.call(() -> lastSeen.of(ids))).map(found -> {
            Set<UUID> elsewhere = new HashSet<>();
            found.getT1().values().forEach(elsewhere::addAll);
            List<Status> statuses = new ArrayList<>(users.size());
            for (User user : users) {
                boolean online = elsewhere.contains(user.id()) || sessions.holdsAny(List.of(user.id()));
                statuses.add(new Status(user.id(), user.username(), online, found.getT2().get(user.id())));
            }
            return statuses;
        });
    }
}
