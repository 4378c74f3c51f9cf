package dev.parley.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import dev.parley.support.ParleyNode;
import dev.parley.support.SharedNode;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.TestApi.Response;
import dev.parley.support.TestClock;
import dev.parley.support.TestDirs;
import org.junit.jupiter.api.Test;

class RefreshIT {

    private final TestApi api = SharedNode.get().api();

    @Test
    void aRefreshGivesWorkingTokensAndTheOldRefreshTokenIsRefused() {
        Account carol = api.register("refresh");
        Response login = login(api, carol);
        String first = login.body().get("refreshToken").asString();
        assertThat(login.body().get("refreshExpiresIn").asLong()).isEqualTo(Duration.ofDays(30).toSeconds());

        Response refreshed = api.post("/api/v1/auth/refresh", Map.of("refreshToken", first));
        assertThat(refreshed.status()).isEqualTo(200);
        String access = refreshed.body().get("accessToken").asString();
        String second = refreshed.body().get("refreshToken").asString();
        assertThat(access).isNotEqualTo(login.body().get("accessToken").asString());
        assertThat(second).isNotEqualTo(first);
        assertThat(api.get("/api/v1/users/me", access).body().get("userId").asString()).isEqualTo(carol.id().toString());

        Response reused = api.post("/api/v1/auth/refresh", Map.of("refreshToken", first));
        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.body().get("code").asString()).isEqualTo("refresh_token_reused");
        Response successor = api.post("/api/v1/auth/refresh", Map.of("refreshToken", second));
        assertThat(successor.status()).as("a reuse ends the whole family, the thief's copy and the owner's").isEqualTo(401);
        assertThat(successor.body().get("code").asString()).isEqualTo("invalid_refresh_token");
    }

    @Test
    void unknownOrMissingRefreshTokensAreRefused() {
        Response unknown = api.post("/api/v1/auth/refresh", Map.of("refreshToken", "made-up"));
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body().get("code").asString()).isEqualTo("invalid_refresh_token");
        assertThat(api.post("/api/v1/auth/refresh", Map.of()).status()).isEqualTo(400);
    }

    @Test
    void anExpiredRefreshTokenIsRefusedAndItsRowDeleted() throws Exception {
        TestClock clock = new TestClock();
        try (ParleyNode node = ParleyNode.start(TestDirs.fresh("refresh-expiry"),
                Map.of("parley.auth.refresh-lifetime", "1d"), clock)) {
            Account dan = node.api().register("refresh");
            String refresh = login(node.api(), dan).body().get("refreshToken").asString();
            clock.advance(Duration.ofDays(1).plusSeconds(1));

            Response expired = node.api().post("/api/v1/auth/refresh", Map.of("refreshToken", refresh));
            assertThat(expired.status()).isEqualTo(401);
            assertThat(expired.body().get("code").asString()).isEqualTo("refresh_token_expired");
            assertThat(node.bean(RefreshTokens.class).deleteExpired()).isGreaterThanOrEqualTo(1);
            assertThat(node.api().post("/api/v1/auth/refresh", Map.of("refreshToken", refresh)).body().get("code").asString())
                    .isEqualTo("invalid_refresh_token");
        }
    }

    private static Response login(TestApi api, Account account) {
        Response login = api.post("/api/v1/auth/login", Map.of("username", account.username(), "password", account.password()));
        assertThat(login.status()).isEqualTo(200);
        return login;
    }
}
