package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AgedRecordsTest {

    private static final Instant NEWEST = Instant.parse("2026-11-30T12:00:00Z");
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aRecordIsADirectMessageInTheLogFormat() {
        AgedRecords records = new AgedRecords(100, 10, 42, NEWEST);
        JsonNode m = json.readTree(records.value(13));
        assertThat(m.get("v").asInt()).isEqualTo(1);
        assertThat(UUID.fromString(m.get("serverMsgId").asString())).isEqualTo(records.serverMsgId(13));
        assertThat(m.get("clientMsgId").asString()).isEqualTo("aged-13");
        String conversation = m.get("conversationId").asString();
        assertThat(records.key(13)).isEqualTo(conversation);
        String[] parts = conversation.split(":");
        assertThat(parts[0]).isEqualTo("dm");
        assertThat(parts[1].compareTo(parts[2])).isNegative(); // the two user ids, sorted as strings
        assertThat(Set.of(m.get("from").asString(), m.get("to").asString())).containsExactlyInAnyOrder(parts[1], parts[2]);
        assertThat(m.get("fromUsername").asString()).startsWith("aged-3-").hasSizeLessThanOrEqualTo(32);
        assertThat(m.get("room").isNull()).isTrue();
        assertThat(m.get("attachmentUrl").isNull()).isTrue();
        assertThat(m.get("originSession").isNull()).isTrue();
        assertThat(m.get("content").asString()).startsWith("#13: ");
        assertThat(Instant.parse(m.get("sentAt").asString())).isEqualTo(NEWEST.minusMillis((100 - 1 - 13) * AgedRecords.SPACING_MILLIS));
    }

    @Test
    void messagesGoRoundRobinOverTheConversationsAndParticipantsTakeTurns() {
        AgedRecords records = new AgedRecords(40, 10, 7, NEWEST);
        Set<String> conversations = new HashSet<>();
        for (long i = 0; i < 40; i++) {
            conversations.add(records.key(i));
        }
        assertThat(conversations).hasSize(10);
        assertThat(records.key(3)).isEqualTo(records.key(13));
        assertThat(json.readTree(records.value(3)).get("from")).isEqualTo(json.readTree(records.value(13)).get("to"));
        assertThat(Instant.parse(json.readTree(records.value(39)).get("sentAt").asString())).isEqualTo(NEWEST);
    }

    @Test
    void serverIdsAreDistinctVersion4UuidsInNoParticularOrder() {
        AgedRecords records = new AgedRecords(200_000, 10, 1, NEWEST);
        Set<UUID> ids = new HashSet<>();
        int ascending = 0;
        for (long i = 0; i < 200_000; i++) {
            UUID id = records.serverMsgId(i);
            assertThat(id.version()).isEqualTo(4);
            ids.add(id);
            if (i > 0 && id.compareTo(records.serverMsgId(i - 1)) > 0) {
                ascending++;
            }
        }
        assertThat(ids).hasSize(200_000);
        assertThat(ascending).isBetween(90_000, 110_000); // about half: random order, not appends
    }
}
