package dev.parley.conversations;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.parley.rooms.RoomName;
import dev.parley.system.Blocking;
import dev.parley.system.ParleyError;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/conversations}: pages through a user's conversations, newest activity first. */
public final class ConversationList {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;

    /** @param nextCursor pass as {@code cursor} for the next page; null on the last page */
    public record Page(List<ConversationSummary> conversations, String nextCursor) {
    }

    private final ConversationListStore store;
    private final Blocking blocking;

    ConversationList(ConversationListStore store, Blocking blocking) {
        this.store = store;
        this.blocking = blocking;
    }

    public Mono<Page> page(UUID user, String cursor, Integer limit) {
        ConversationListStore.Cursor after;
        int size;
        try {
            after = cursor == null || cursor.isBlank() ? null : decode(cursor);
            size = limit == null ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
            if (size < 1) {
                throw ParleyError.invalid("limit", "limit must be at least 1 (at most " + MAX_LIMIT + " are returned)");
            }
        } catch (ParleyError e) {
            return Mono.error(e);
        }
        return blocking.call(() -> {
            List<ConversationSummary> rows = store.page(user, after, size + 1);
            if (rows.size() <= size) {
                return new Page(rows, null);
            }
            List<ConversationSummary> page = rows.subList(0, size);
            return new Page(List.copyOf(page), encode(page.getLast()));
        });
    }

    /** Who shares a conversation with a user: its direct partners, and the rooms it is a member of. */
    public record Contacts(Set<UUID> partners, Set<RoomName> rooms) {
    }

    /** One query: the user's conversations are its direct ones and its rooms. */
    public Mono<Contacts> contacts(UUID user) {
        return blocking.call(() -> {
            Set<UUID> partners = new HashSet<>();
            Set<RoomName> rooms = new HashSet<>();
            for (ConversationListStore.Mine mine : store.mine(user)) {
                String id = mine.conversationId();
                UUID[] pair = Conversations.participants(id);
                if (pair != null) {
                    partners.add(pair[0].equals(user) ? pair[1] : pair[0]);
                } else if (id.startsWith(RoomName.PREFIX)) {
                    rooms.add(new RoomName(id.substring(RoomName.PREFIX.length())));
                }
            }
            return new Contacts(partners, rooms);
        });
    }

    /** The cursor is opaque to clients: the last entry's activity time and id, base64url. */
    private static String encode(ConversationSummary last) {
        Instant at = last.activityAt();
        String raw = at.getEpochSecond() + ":" + at.getNano() + ":" + last.conversationId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static ConversationListStore.Cursor decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 3);
            return new ConversationListStore.Cursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), parts[2]);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw ParleyError.invalid("cursor", "cursor is not one this server handed out");
        }
    }
}
