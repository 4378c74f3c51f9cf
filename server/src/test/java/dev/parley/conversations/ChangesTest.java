package dev.parley.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.parley.log.LogPosition;
import dev.parley.log.LogRecord;
import dev.parley.log.LoggedMessage;
import org.junit.jupiter.api.Test;

/** The log beyond the archive applied to messages: what history and resume show as a message's current state. */
class ChangesTest {

    private final UUID alice = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private long offset = 10;

    private LoggedMessage message(String content, UUID replyTo) {
        return at(new LogRecord(LogRecord.VERSION, UUID.randomUUID(), "c" + offset, "dm:a:b", alice, "alice", bob, "bob", null, content,
                null, Instant.ofEpochSecond(offset), null, null, null, null, null, replyTo, replyTo == null ? null : "alice",
                replyTo == null ? null : "quoted", null));
    }

    private LoggedMessage change(String kind, UUID target, UUID who, String content, String emoji, Boolean added) {
        return at(new LogRecord(LogRecord.VERSION, UUID.randomUUID(), null, "dm:a:b", who, who.equals(alice) ? "alice" : "bob", null, null,
                null, content, null, Instant.ofEpochSecond(offset), null, kind, target, emoji, added, null, null, null, null));
    }

    private LoggedMessage at(LogRecord record) {
        return new LoggedMessage(record, new LogPosition(0, offset++));
    }

    @Test
    void editsReactionsAndDeletesApplyInLogOrder() {
        LoggedMessage original = message("helo", null);
        UUID id = original.record().serverMsgId();
        List<LoggedMessage> cut = List.of(original,
                change(LogRecord.EDIT, id, alice, "hello", null, null),
                change(LogRecord.REACTION, id, bob, null, "👍", true),
                change(LogRecord.REACTION, id, alice, null, "👍", true),
                change(LogRecord.REACTION, id, bob, null, "👍", true),
                change(LogRecord.REACTION, id, alice, null, "👍", false),
                change(LogRecord.EDIT, id, alice, "hello!", null, null));
        MessageView now = new Changes(cut).apply(MessageView.of(original));
        assertThat(now.content()).isEqualTo("hello!");
        assertThat(now.editedAt()).isEqualTo(Instant.ofEpochSecond(16));
        assertThat(now.reactions()).singleElement().satisfies(r -> {
            assertThat(r.count()).isEqualTo(1);
            assertThat(r.users()).extracting(u -> u.username()).containsExactly("bob");
        });
    }

    @Test
    void aDeleteLeavesATombstoneAndTakesTheQuotesOfRepliesWithIt() {
        LoggedMessage original = message("secret", null);
        UUID id = original.record().serverMsgId();
        LoggedMessage reply = message("answer", id);
        LoggedMessage edit = change(LogRecord.EDIT, id, alice, "secret, edited", null, null);
        LoggedMessage reaction = change(LogRecord.REACTION, id, bob, null, "👍", true);
        LoggedMessage delete = change(LogRecord.DELETE, id, alice, null, null, null);
        LoggedMessage lateEdit = change(LogRecord.EDIT, id, alice, "raced the delete", null, null);
        LoggedMessage unknown = change("pin", reply.record().serverMsgId(), alice, null, null, null);
        List<LoggedMessage> cut = List.of(original, reply, edit, reaction, delete, lateEdit, unknown);
        Changes changes = new Changes(cut);

        MessageView tombstone = changes.apply(MessageView.of(original));
        assertThat(tombstone.content()).isEmpty();
        assertThat(tombstone.deletedAt()).isEqualTo(delete.record().sentAt());
        assertThat(tombstone.reactions()).isEmpty();
        assertThat(changes.apply(MessageView.of(reply)).replyTo().quote()).isNull();

        List<ConversationEvent> events = changes.events(cut);
        assertThat(events).extracting(ConversationEvent::type)
                .as("the edits and the reaction of the deleted message are left out (its delete moves the client past them), and so is a kind"
                        + " this version does not know")
                .containsExactly(ConversationEvent.CREATE, ConversationEvent.CREATE, ConversationEvent.DELETE);
        assertThat(events).extracting(ConversationEvent::seq).isSorted();
        assertThat(events.toString()).doesNotContain("secret");
    }
}
