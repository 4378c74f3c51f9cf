package dev.parley.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.parley.support.Json;
import dev.parley.support.SharedNode;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The web client's refresh token lives in an HttpOnly, SameSite=Strict cookie scoped to
 * /api/v1/auth: it never appears in a body, rotates like one in a body, and logout clears it.
 */
class RefreshCookieIT {

    private final TestApi api = SharedNode.get().api();
    private final HttpClient http = HttpClient.newHttpClient();

    record Answer(int status, JsonNode body, List<String> setCookies) {

        String cookie() {
            assertThat(setCookies).as("one Set-Cookie").hasSize(1);
            return setCookies.getFirst().substring(0, setCookies.getFirst().indexOf(';'));
        }
    }

    @Test
    void aLoginAskingForTheCookieGetsItHttpOnlyAndScopedAndNoTokenInTheBody() throws Exception {
        Account erin = api.register("cookie");
        Answer login = post("/api/v1/auth/login",
                Json.write(Map.of("username", erin.username(), "password", erin.password(), "refreshCookie", true)), null, null);

        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body().get("accessToken").asString()).isNotBlank();
        assertThat(login.body().get("refreshToken").isNull()).as("the token is in the cookie only").isTrue();
        String header = login.setCookies().getFirst();
        assertThat(header).startsWith("parley_refresh=");
        // Attribute names are case-insensitive (Reactor Netty writes "HTTPOnly").
        assertThat(header.toLowerCase(Locale.ROOT)).contains("; path=/api/v1/auth", "; httponly", "; samesite=strict",
                "; max-age=" + Duration.ofDays(30).toSeconds());
        assertThat(header.toLowerCase(Locale.ROOT)).as("plain HTTP here, so not Secure").doesNotContain("secure");

        Answer plain = post("/api/v1/auth/login", Json.write(Map.of("username", erin.username(), "password", erin.password())), null, null);
        assertThat(plain.setCookies()).as("other clients keep the token in the body").isEmpty();
        assertThat(plain.body().get("refreshToken").asString()).isNotBlank();
    }

    @Test
    void theCookieRotatesOnRefreshAndAReusedOneEndsTheLoginAndIsCleared() throws Exception {
        Account fay = api.register("cookie");
        String first = loginWithCookie(fay);

        Answer refreshed = post("/api/v1/auth/refresh", null, first, null);
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.body().get("refreshToken").isNull()).isTrue();
        String second = refreshed.cookie();
        assertThat(second).isNotEqualTo(first);
        String access = refreshed.body().get("accessToken").asString();
        assertThat(api.get("/api/v1/users/me", access).body().get("userId").asString()).isEqualTo(fay.id().toString());

        Answer reused = post("/api/v1/auth/refresh", null, first, null);
        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.body().get("code").asString()).isEqualTo("refresh_token_reused");
        assertThat(reused.setCookies().getFirst()).as("the browser is told to forget it").startsWith("parley_refresh=;").contains("Max-Age=0");
        assertThat(post("/api/v1/auth/refresh", null, second, null).body().get("code").asString())
                .as("the successor went with the family").isEqualTo("invalid_refresh_token");
    }

    @Test
    void aBodyTokenWinsOverTheCookieAndNeitherIsAMissingField() throws Exception {
        Account gus = api.register("cookie");
        String cookie = loginWithCookie(gus);
        String bodyToken = api.post("/api/v1/auth/login", Map.of("username", gus.username(), "password", gus.password()))
                .body().get("refreshToken").asString();

        Answer byBody = post("/api/v1/auth/refresh", Json.write(Map.of("refreshToken", bodyToken)), cookie, null);
        assertThat(byBody.status()).isEqualTo(200);
        assertThat(byBody.body().get("refreshToken").asString()).isNotBlank();
        assertThat(byBody.setCookies()).as("the cookie was not touched").isEmpty();
        assertThat(post("/api/v1/auth/refresh", null, cookie, null).status()).as("and still works").isEqualTo(200);

        Answer neither = post("/api/v1/auth/refresh", null, null, null);
        assertThat(neither.status()).isEqualTo(400);
        assertThat(neither.body().get("code").asString()).isEqualTo("invalid_field");
    }

    @Test
    void logoutEndsTheCookiesLoginAndClearsIt() throws Exception {
        Account hal = api.register("cookie");
        Answer login = post("/api/v1/auth/login",
                Json.write(Map.of("username", hal.username(), "password", hal.password(), "refreshCookie", true)), null, null);
        String cookie = login.cookie();
        String access = login.body().get("accessToken").asString();

        Answer logout = post("/api/v1/auth/logout", null, cookie, access);
        assertThat(logout.status()).isEqualTo(204);
        assertThat(logout.setCookies().getFirst()).startsWith("parley_refresh=;").contains("Max-Age=0", "Path=/api/v1/auth");
        Answer after = post("/api/v1/auth/refresh", null, cookie, null);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.body().get("code").asString()).isEqualTo("invalid_refresh_token");
    }

    private String loginWithCookie(Account account) throws Exception {
        Answer login = post("/api/v1/auth/login",
                Json.write(Map.of("username", account.username(), "password", account.password(), "refreshCookie", true)), null, null);
        assertThat(login.status()).isEqualTo(200);
        return login.cookie();
    }

    private Answer post(String path, String json, String cookie, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .timeout(Duration.ofSeconds(30))
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body() == null || response.body().isBlank() ? null : Json.read(response.body());
        return new Answer(response.statusCode(), body, response.headers().allValues("Set-Cookie"));
    }
}
