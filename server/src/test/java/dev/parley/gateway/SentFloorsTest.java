package dev.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SentFloorsTest {

    private final SentFloors floors = new SentFloors();

    @Test
    void aSecondCopyIsRefusedAndNewerMessagesPass() {
        assertThat(floors.advance("dm:a:b", 5)).isTrue();
        assertThat(floors.advance("dm:a:b", 5)).as("the same message again (a re-route after a hand-over)").isFalse();
        assertThat(floors.advance("dm:a:b", 3)).isFalse();
        assertThat(floors.advance("dm:a:b", 9)).isTrue();
        assertThat(floors.advance("room:x", 1)).as("conversations are independent").isTrue();
    }

    @Test
    void aCatchUpSetsTheFloorsFromWhatItSent() {
        floors.advance("dm:a:b", 50);
        floors.reset(Map.of("room:x", 7L));
        assertThat(floors.advance("room:x", 7)).isFalse();
        assertThat(floors.advance("room:x", 8)).isTrue();
        assertThat(floors.advance("dm:a:b", 1)).as("forgotten: only what the catch-up sent counts").isTrue();
    }

    @Test
    void memoryIsBoundedByStartingOverNeverByRefusingNewMessages() {
        for (int i = 0; i < SentFloors.LIMIT; i++) {
            assertThat(floors.advance("c" + i, 10)).isTrue();
        }
        assertThat(floors.advance("one-more", 1)).isTrue();
        assertThat(floors.advance("c0", 10)).as("started over: a duplicate this old passes").isTrue();
        assertThat(floors.advance("one-more", 1)).isFalse();
    }
}
