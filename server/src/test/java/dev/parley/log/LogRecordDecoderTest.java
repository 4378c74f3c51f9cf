package dev.parley.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

class LogRecordDecoderTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final LogRecordDecoder decoder = new LogRecordDecoder(json);

    private static LogRecord everyComponentSet() {
        return new LogRecord(LogRecord.VERSION, UUID.randomUUID(), "c-1", "dm:a:b", UUID.randomUUID(), "alice", UUID.randomUUID(),
                "bob", "lobby", "line one\nline \"two\" ✓", "https://example.org/cat.png", Instant.parse("2026-11-30T15:50:01.123456789Z"),
                "session-1", LogRecord.REACTION, UUID.randomUUID(), "👍", false, UUID.randomUUID(), "carol", "the \"original\" text",
                java.util.List.of(new Reaction("👍", 2, java.util.List.of(new Reaction.Reactor(UUID.randomUUID(), "dan"),
                        new Reaction.Reactor(UUID.randomUUID(), "erin"))), new Reaction("🎉", 1, java.util.List.of(new Reaction.Reactor(UUID.randomUUID(), "dan")))));
    }

    @Test
    void readsEveryComponentAsTheLogWritesIt() {
        LogRecord record = everyComponentSet();
        assertThat(record).hasNoNullFieldsOrProperties(); // a new component must be set here, and read by the decoder
        assertThat(decoder.decode(json.writeValueAsBytes(record))).isEqualTo(record);
    }

    @Test
    void readsNullsAndMissingPropertiesAsNull() {
        LogRecord record = new LogRecord(1, UUID.randomUUID(), "c-2", "dm:a:a", UUID.randomUUID(), "alice", null, null, null, "hi",
                null, Instant.EPOCH, null);
        assertThat(decoder.decode(json.writeValueAsBytes(record))).isEqualTo(record);
        assertThat(decoder.decode("{\"v\":1,\"content\":\"x\"}".getBytes(StandardCharsets.UTF_8)).serverMsgId()).isNull();
    }

    @Test
    void skipsPropertiesItDoesNotKnow() {
        String written = new String(json.writeValueAsBytes(everyComponentSet()), StandardCharsets.UTF_8);
        String newer = "{\"addedLater\":{\"nested\":[1,{\"x\":null}]},\"flag\":true," + written.substring(1);
        assertThat(decoder.decode(newer.getBytes(StandardCharsets.UTF_8))).isEqualTo(decoder.decode(written.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsAnInstantWrittenAsANumber() {
        JsonMapper numeric = JsonMapper.builder().enable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS).build();
        LogRecord record = everyComponentSet();
        assertThat(new String(numeric.writeValueAsBytes(record), StandardCharsets.UTF_8)).contains("\"sentAt\":" + record.sentAt().getEpochSecond() + ".");
        assertThat(decoder.decode(numeric.writeValueAsBytes(record)).sentAt()).isEqualTo(record.sentAt());
    }

    @Test
    void readsInstantsLikeInstantParse() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-5_000_000_000L, 250_000_000_000L),
                    switch (i % 4) { case 0 -> 0; case 1 -> random.nextInt(1000) * 1_000_000; case 2 -> random.nextInt(1_000_000) * 1000;
                        default -> random.nextInt(1_000_000_000); });
            assertThat(LogRecordDecoder.instant(instant.toString())).as(instant.toString()).isEqualTo(instant);
        }
        for (String other : new String[] {"2026-11-30T15:50:01.5Z", "2026-11-30T15:50:01.Z", "2026-11-30T15:50:01.12Z", "2026-11-30T15:50:01+01:00",
                "2024-02-29T23:59:59.999999999Z", "+12026-01-01T00:00:00Z"}) {
            assertThat(LogRecordDecoder.instant(other)).as(other).isEqualTo(Instant.parse(other));
        }
        for (String bad : new String[] {"2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z",
                "2026-11-30T15:5a:01Z", "2026-11-30 15:50:01Z"}) {
            assertThatThrownBy(() -> LogRecordDecoder.instant(bad)).as(bad).isInstanceOf(java.time.format.DateTimeParseException.class);
        }
    }

    @Test
    void refusesWhatIsNotARecord() {
        for (String bad : new String[] {"[1,2]", "\"text\"", "{\"serverMsgId\":\"not-a-uuid\"}", "{\"content\":{\"a\":1}}",
                "{\"sentAt\":\"yesterday\"}", "{\"v\":\"one\"}", "{\"content\":\"x\"", "not json",
                "{\"content\":\"x\"} trailing", "{\"serverMsgId\":\"1-2-3-4-5\"}", "{\"added\":\"yes\"}"}) {
            assertThatThrownBy(() -> decoder.decode(bad.getBytes(StandardCharsets.UTF_8))).as(bad).isInstanceOf(RuntimeException.class);
        }
    }
}
