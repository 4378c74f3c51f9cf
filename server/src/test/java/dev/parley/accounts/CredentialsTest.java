package dev.parley.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.system.ParleyError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Usernames are plain ASCII: nothing that renders as another name (docs/security.md, "Names"). */
class CredentialsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "ali\u202Ece",      // right-to-left override
            "ali\u2066ce",      // left-to-right isolate
            "ali\u200Bce",      // zero-width space
            "ali\u200Dce",      // zero-width joiner
            "\uFEFFalice",      // byte order mark
            "\u0430lice",       // Cyrillic a
            "alice\u0000",      // NUL
            "ali ce",
    })
    void aUsernameThatCouldPassForAnotherIsRefused(String name) {
        ParleyError error = catchThrowableOfType(ParleyError.class, () -> Credentials.username(name));
        assertThat(error).as("%s", name.codePoints().mapToObj(Integer::toHexString).toList()).isNotNull();
        assertThat(error.code()).isEqualTo("invalid_field");
        assertThat(error.field()).isEqualTo("username");
    }
}
