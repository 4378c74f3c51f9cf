package dev.parley.conversations;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import dev.parley.rooms.RoomJoined;
import dev.parley.system.Blocking;
import dev.parley.system.ParleyError;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import reactor.core.publisher.Mono;

/**
 * How far each user has read each conversation. A position only moves forward; it is per user,
 * so every device of the user shares it, and unread counts are computed from it.
 */
public final class ReadPositions {

    /** @param moved false when the position was already at or past the requested seq */
    public record Read(String conversationId, long seq, boolean moved) {
    }

    private final JdbcClient jdbc;
    private final Unarchived unarchived;
    private final ConversationAccess access;
    private final Blocking blocking;
    private final Clock clock;

    ReadPositions(JdbcClient jdbc, Unarchived unarchived, ConversationAccess access, Blocking blocking, Clock clock) {
        this.jdbc = jdbc;
        this.unarchived = unarchived;
        this.access = access;
        this.blocking = blocking;
        this.clock = clock;
    }

    public Mono<Read> markRead(UUID user, String conversationId, long seq) {
        if (seq < 0) {
            return Mono.error(ParleyError.invalid("seq", "seq must be 0 or more"));
        }
        return access.audienceFor(user, conversationId).then(blocking.call(() -> {
            // The newest message (or change: a client's position counts changes too) may be in the log and not archived yet.
            long newest = unarchived.conversation(conversationId).messages().stream().mapToLong(m -> m.seq()).max()
                    .orElseGet(() -> jdbc.sql("SELECT GREATEST(last_seq, COALESCE(last_event_seq, -1)) FROM conversations WHERE id = ?").param(conversationId)
                            .query(Long.class).optional().orElse(-1L));
            if (seq > newest) {
                throw ParleyError.invalid("seq", "seq " + seq + " is past the newest message of " + conversationId);
            }
            int updated = advance(user, conversationId, seq);
            long now = jdbc.sql("SELECT seq FROM read_positions WHERE user_id = ? AND conversation_id = ?")
                    .params(user, conversationId).query(Long.class).single();
            return new Read(conversationId, now, updated > 0);
        }));
    }

    /** Someone who joins a room starts with its existing messages read: they are history, not news. */
    @EventListener
    void onRoomJoined(RoomJoined joined) {
        jdbc.sql("SELECT GREATEST(last_seq, COALESCE(last_event_seq, -1)) FROM conversations WHERE id = ?").param(joined.room().conversationId()).query(Long.class).optional()
                .ifPresent(last -> insertIfAbsent(joined.userId(), joined.room().conversationId(), last));
    }

    private int advance(UUID user, String conversationId, long seq) {
        return merge(user, conversationId, seq, "WHEN MATCHED AND r.seq < s.seq THEN UPDATE SET seq = s.seq, updated_at = s.updated_at");
    }

    private void insertIfAbsent(UUID user, String conversationId, long seq) {
        merge(user, conversationId, seq, "");
    }

    private int merge(UUID user, String conversationId, long seq, String whenMatched) {
        return jdbc.sql("""
                        MERGE INTO read_positions r
                        USING (VALUES (CAST(? AS UUID), CAST(? AS VARCHAR(100)), CAST(? AS BIGINT), CAST(? AS TIMESTAMP WITH TIME ZONE))) AS s (user_id, conversation_id, seq, updated_at)
                        ON r.user_id = s.user_id AND r.conversation_id = s.conversation_id
                        %s
                        WHEN NOT MATCHED THEN INSERT (user_id, conversation_id, seq, updated_at) VALUES (s.user_id, s.conversation_id, s.seq, s.updated_at)
                        """.formatted(whenMatched))
                .params(user, conversationId, seq, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .update();
    }
}
