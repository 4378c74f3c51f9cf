package dev.parley.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.server.RequestPath;

/** The token rule on paths as the router parses them (AuthPathIT plays the same spellings against a node). */
class BearerAuthFilterTest {

    @ParameterizedTest
    @CsvSource({
            "/api/v1/users, true",
            "/api;/v1/users, true",
            "/api;x=1/v1/users, true",
            "/%61pi/v1/users, true",
            "//api/v1/users, true",
            "/api/v1/users/, true",
            "/api/v1/auth, true",
            "/api/v1/auth/../users, true",
            "/api/v1/auth/login, false",
            "/api/v1/auth/register, false",
            "/api;x=1/v1/auth/login, false",
            "/api/v1/websocket/health, false",
            "/api/v1/websocket/message, false",
            "/api/v1/websocket, true",
            "/api/v1/websocket/../users, true",
            "/api/v1/message/action, true",
            "/health, false",
            "/, false",
            "/apis/v1/users, false",
            "/index.html, false",
    })
    void aTokenIsNeededForEveryPathTheRouterGivesToAnApiController(String path, boolean needed) {
        assertThat(BearerAuthFilter.needsToken(RequestPath.parse(path, null).pathWithinApplication())).as(path).isEqualTo(needed);
    }
}
