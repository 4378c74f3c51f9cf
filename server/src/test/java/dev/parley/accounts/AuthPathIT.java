package dev.parley.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.parley.support.ParleyNode;
import dev.parley.support.SharedNode;
import dev.parley.support.TestApi.Account;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The attack on the auth rule: a path the router maps to an /api/ controller, written so that a
 * check on the raw string does not see "/api/". Every spelling gets 401 (or no route at all),
 * never the controller's answer and never a 500. Requests go over a raw socket: an HTTP client
 * library might normalise the path before it leaves.
 */
class AuthPathIT {

    private final ParleyNode node = SharedNode.get();

    @ParameterizedTest
    @ValueSource(strings = {
            "/api;/v1/users?username={name}",            // matrix parameter on the first segment
            "/api;x=1/v1/users?username={name}",
            "/api/v1;x=1/users?username={name}",
            "/api/v1/users;x=1?username={name}",
            "/%61pi/v1/users?username={name}",          // percent-encoded letter
            "/%61%70%69/v1/%75sers?username={name}",
            "//api/v1/users?username={name}",           // double slashes
            "/api//v1/users?username={name}",
            "/api/v1//users?username={name}",
            "/api/v1/users/?username={name}",           // trailing slash
            "/api/v1/users/me",
            "/api/v1/users/me/",
            "/api/v1/conversations;x=1",
            "/api/v1/rooms/",
            "/api/v1/auth/../users?username={name}",    // a dot segment never opens a route
            "/api/v1/auth/./../users/me",
            "/api%2Fv1/users?username={name}",          // encoded slash
    })
    void noSpellingOfAnApiPathGetsPastTheTokenCheck(String spelling) throws IOException {
        Account alice = node.api().register("authpath");
        String path = spelling.replace("{name}", alice.username());

        Answer answer = get(path, null);

        assertThat(answer.status()).as("GET %s without a token: %s", path, answer.body()).isIn(401, 404);
        assertThat(answer.body()).as("GET %s", path).doesNotContain(alice.id().toString());
        if (answer.status() == 401) {
            assertThat(answer.body()).contains("\"code\":\"missing_token\"");
        }
    }

    @Test
    void theSameSpellingsStillWorkWithAToken() throws IOException {
        Account alice = node.api().register("authpath-ok");
        for (String path : List.of("/api;/v1/users?username=" + alice.username(), "/%61pi/v1/users?username=" + alice.username())) {
            Answer answer = get(path, alice.token());
            assertThat(answer.status()).as("GET %s with a token: %s", path, answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains(alice.id().toString());
        }
    }

    @Test
    void registrationAndLoginStayOpenAndTheirNeighboursDoNot() throws IOException {
        assertThat(get("/api/v1/auth", null).status()).as("the auth prefix itself is no open route").isIn(401, 404);
        assertThat(get("/api/v1/auth/login", null).status()).as("login needs no token (405: GET)").isNotEqualTo(401);
    }

    private record Answer(int status, String body) {
    }

    /** One HTTP/1.1 GET with the path exactly as given. */
    private Answer get(String rawPath, String token) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", node.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String request = "GET " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            int bodyAt = response.indexOf("\r\n\r\n");
            return new Answer(status, bodyAt < 0 ? "" : response.substring(bodyAt + 4));
        }
    }
}
