package dev.parley.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class ConversationsTest {

    private final UUID a = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private final UUID b = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    @Test
    void bothSidesNameADirectConversationTheSame() {
        assertThat(Conversations.direct(a, b)).isEqualTo(Conversations.direct(b, a)).isEqualTo("dm:" + a + ":" + b);
    }

    @Test
    void participantsAreReadBackFromAWellFormedId() {
        assertThat(Conversations.participants(Conversations.direct(b, a))).containsExactly(a, b);
    }

    @Test
    void malformedOrUnorderedIdsAreNotDirectConversations() {
        assertThat(Conversations.participants("dm:" + b + ":" + a)).isNull();
        assertThat(Conversations.participants("dm:nope")).isNull();
        assertThat(Conversations.participants("room:general")).isNull();
        assertThat(Conversations.participants(null)).isNull();
    }

    @Test
    void aDirectConversationWithYourselfIsANotesConversationWithOneParticipant() {
        String notes = Conversations.direct(a, a);
        assertThat(notes).isEqualTo("dm:" + a + ":" + a);
        assertThat(Conversations.participants(notes)).containsExactly(a, a);
        assertThat(Conversations.participants(a, a)).containsExactly(a);
        assertThat(Conversations.participants(a, b)).containsExactlyInAnyOrder(a, b);
    }
}
