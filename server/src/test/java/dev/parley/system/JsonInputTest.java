package dev.parley.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JsonInputTest {

    private final JsonMapper strict = JsonInput.strict(JsonMapper.builder().build());

    @Test
    void aDuplicateKeyIsNamedWhereverItIs() {
        Throwable nested = catchThrowable(() -> strict.readTree("{\"a\":1,\"b\":{\"c\":1,\"c\":2}}"));
        assertThat(JsonInput.duplicateKey(nested)).contains("c");
        Throwable broken = catchThrowable(() -> strict.readTree("{\"a\":"));
        assertThat(JsonInput.duplicateKey(broken)).isEmpty();
        assertThat(strict.readTree("{\"a\":1,\"b\":{\"a\":2}}").get("b").get("a").asInt()).isEqualTo(2);
    }

    @Test
    void onlyUnpairedSurrogatesAreFound() {
        assertThat(JsonInput.firstLoneSurrogate("plain \ud83d\ude00 pair")).isEqualTo(-1);
        assertThat(JsonInput.firstLoneSurrogate("x\ud800")).isEqualTo(1);
        assertThat(JsonInput.firstLoneSurrogate("\ude00\ud83d")).isEqualTo(0);
        assertThat(JsonInput.firstLoneSurrogate("\ud83d\ude00\udc00")).isEqualTo(2);
    }
}
