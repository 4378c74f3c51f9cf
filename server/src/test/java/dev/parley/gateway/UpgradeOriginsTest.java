package dev.parley.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import tools.jackson.databind.json.JsonMapper;

class UpgradeOriginsTest {

    private final UpgradeOrigins origins = new UpgradeOrigins(List.of("https://app.example.com", "http://localhost:3000"), JsonMapper.builder().build(),
            new WebSocketPaths(List.of()));

    @ParameterizedTest
    @CsvSource({
            "chat.example.com,      https://chat.example.com,       true",   // same origin behind TLS
            "chat.example.com:443,  https://chat.example.com,       true",
            "localhost:8080,        http://localhost:8080,          true",
            "LOCALHOST:8080,        http://localhost:8080,          true",
            "localhost:8080,        http://localhost:8081,          false",  // another port is another origin
            "chat.example.com,      https://evil.example.net,       false",
            "chat.example.com,      https://chat.example.com.evil.net, false",
            "chat.example.com,      null,                           false",  // sandboxed frame or file
            "chat.example.com,      not a url,                      false",
            "chat.example.com,      https://app.example.com,        true",   // allowed by setting
            "chat.example.com,      https://APP.example.com:443,    true",
            "chat.example.com,      http://localhost:3000,          true",
            "chat.example.com,      http://localhost:3001,          false",
    })
    void anUpgradeFromABrowserPageIsLetThroughOnlyFromThisServerOrAnAllowedOrigin(String host, String origin, boolean allowed) {
        MockServerHttpRequest request = MockServerHttpRequest.get("/ws").header("Host", host).header("Origin", origin).build();
        assertThat(origins.allows(origin, request)).as("%s from %s", host, origin).isEqualTo(allowed);
    }
}
