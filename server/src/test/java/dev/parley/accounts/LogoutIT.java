package dev.parley.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.parley.support.SharedNode;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.TestApi.Response;
import dev.parley.support.WsClient;
import org.junit.jupiter.api.Test;

/** Logout on one node; cluster/ClusterLogoutIT plays it across two. */
class LogoutIT {

    private final TestApi api = SharedNode.get().api();

    @Test
    void aLoggedOutTokenIsRefusedOverRestAndAtTheUpgradeAndItsOpenSocketIsClosed() throws Exception {
        Account alice = api.register("logout");
        String other = api.login(alice.username(), alice.password());
        try (WsClient open = WsClient.connect(api.port(), alice.token())) {
            open.send(Map.of("type", "ping"));
            open.awaitType("pong");

            assertThat(api.post("/api/v1/auth/logout", "{}", alice.token()).status()).isEqualTo(204);

            Response me = api.get("/api/v1/users/me", alice.token());
            assertThat(me.status()).isEqualTo(401);
            assertThat(me.body().get("code").asString()).isEqualTo("token_revoked");
            assertThat(upgradeStatus(alice.token())).isEqualTo(401);
            assertThat(open.closed().get(10, TimeUnit.SECONDS)).as("closed within the second's check").isEqualTo(4003);
        }
        assertThat(api.get("/api/v1/users/me", other).status()).as("another login of the same user is untouched").isEqualTo(200);
        Response again = api.post("/api/v1/auth/logout", "{}", alice.token());
        assertThat(again.status()).isEqualTo(401);
        assertThat(again.body().get("code").asString()).isEqualTo("token_revoked");
    }

    @Test
    void logoutNeedsAValidToken() {
        Response missing = api.post("/api/v1/auth/logout", "{}");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.body().get("code").asString()).isEqualTo("missing_token");
        Response forged = api.post("/api/v1/auth/logout", "{}", "not.a.token");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.body().get("code").asString()).isEqualTo("invalid_token");
    }

    @Test
    void logoutWithTheRefreshTokenEndsItToo() {
        Account bob = api.register("logout");
        Response login = api.post("/api/v1/auth/login", Map.of("username", bob.username(), "password", bob.password()));
        String access = login.body().get("accessToken").asString();
        String refresh = login.body().get("refreshToken").asString();

        assertThat(api.post("/api/v1/auth/logout", Map.of("refreshToken", refresh), access).status()).isEqualTo(204);

        Response refused = api.post("/api/v1/auth/refresh", Map.of("refreshToken", refresh));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body().get("code").asString()).isEqualTo("invalid_refresh_token");
    }

    private int upgradeStatus(String token) throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + api.port() + "/ws?token=" + token);
        try {
            WsClient.attempt(uri, Map.of()).get(10, TimeUnit.SECONDS).abort();
            return 101;
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }
}
