package dev.parley.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.support.ParleyNode;
import dev.parley.support.RawWebSocket;
import dev.parley.support.SharedNode;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.TestApi.Response;
import dev.parley.support.TestClock;
import dev.parley.support.TestDirs;
import dev.parley.support.TestSettings;
import dev.parley.support.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountsIT {

    private final TestApi api = SharedNode.get().api();

    @Test
    void registrationReturnsTheNewUserAndUsernamesAreCaseInsensitive() {
        String name = TestApi.uniqueName("MixedCase");
        Response created = api.post("/api/v1/auth/register", Map.of("username", name, "password", "long enough"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("username").asString()).isEqualTo(name.toLowerCase());
        UUID userId = UUID.fromString(created.body().get("userId").asString());
        Response login = api.post("/api/v1/auth/login", Map.of("username", name, "password", "long enough"));
        assertThat(api.get("/api/v1/users/me", login.body().get("accessToken").asString()).body().get("userId").asString())
                .as("the id registration returned is the one the account has").isEqualTo(userId.toString());

        Response again = api.post("/api/v1/auth/register", Map.of("username", name.toUpperCase(), "password", "long enough"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("code").asString()).isEqualTo("username_taken");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "has space", "ünicode", "-leadingdash", "a23456789012345678901234567890123", ""})
    void badUsernamesAreRefusedWithAFieldMessage(String username) {
        Response response = api.post("/api/v1/auth/register", Map.of("username", username, "password", "long enough"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("field").asString()).isEqualTo("username");
        assertThat(response.body().get("detail").asString()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "short", "seven77"})
    void weakPasswordsAreRefused(String password) {
        Response response = api.post("/api/v1/auth/register", Map.of("username", TestApi.uniqueName("pw"), "password", password));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("field").asString()).isEqualTo("password");
        assertThat(response.body().get("code").asString()).isEqualTo("invalid_field");
    }

    @Test
    void passwordsBcryptWouldTruncateAreRefused() {
        Response response = api.post("/api/v1/auth/register", Map.of("username", TestApi.uniqueName("pw"), "password", "x".repeat(73)));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("field").asString()).isEqualTo("password");
    }

    @Test
    void malformedBodiesGetATypedError() {
        Response response = api.post("/api/v1/auth/register", "{not json");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("code").asString()).isEqualTo("invalid_json");
    }

    @Test
    void loginIssuesABearerTokenThatIdentifiesTheCaller() {
        Account alice = api.register("alice");
        Response login = api.post("/api/v1/auth/login", Map.of("username", alice.username(), "password", alice.password()));
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body().get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(login.body().get("expiresIn").asLong()).isEqualTo(12 * 3600);

        Response me = api.get("/api/v1/users/me", login.body().get("accessToken").asString());
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().get("userId").asString()).isEqualTo(alice.id().toString());
        assertThat(me.body().get("username").asString()).isEqualTo(alice.username());
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        Account alice = api.register("alice");
        Response wrongPassword = api.post("/api/v1/auth/login", Map.of("username", alice.username(), "password", "not the password"));
        Response unknownUser = api.post("/api/v1/auth/login", Map.of("username", "nobody-" + alice.username(), "password", "not the password"));
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownUser.status()).isEqualTo(401);
        assertThat(wrongPassword.body()).isEqualTo(unknownUser.body());
    }

    @Test
    void requestsWithoutAValidTokenAreRefused() {
        assertThat(api.get("/api/v1/users/me", null).body().get("code").asString()).isEqualTo("missing_token");
        assertThat(api.get("/api/v1/users/me", "garbage").status()).isEqualTo(401);
    }

    @Test
    void forgedAndExpiredTokensAreRefusedOnRestAndWebSocket() throws Exception {
        Account alice = api.register("alice");
        Instant now = Instant.now();
        Map<String, String> forged = Map.of(
                "alg none", unsigned(claims(alice, "parley", now.plusSeconds(600))),
                "wrong key", signed(claims(alice, "parley", now.plusSeconds(600)), "another-key-0123456789-abcdefghijklmnopqrst"),
                "wrong issuer", signed(claims(alice, "someone-else", now.plusSeconds(600)), TestSettings.JWT_SECRET),
                "expired", signed(claims(alice, "parley", now.minusSeconds(5)), TestSettings.JWT_SECRET));

        for (Map.Entry<String, String> token : forged.entrySet()) {
            Response rest = api.get("/api/v1/users/me", token.getValue());
            assertThat(rest.status()).as(token.getKey()).isEqualTo(401);
            assertThat(upgradeStatus(URI.create("ws://127.0.0.1:" + api.port() + "/ws?token=" + token.getValue()), Map.of()))
                    .as(token.getKey()).isEqualTo(401);
        }
        assertThat(api.get("/api/v1/users/me", forged.get("expired")).body().get("code").asString()).isEqualTo("token_expired");
        // The genuine article, signed the same way, is accepted: the refusals above are about the forgery.
        assertThat(api.get("/api/v1/users/me", signed(claims(alice, "parley", now.plusSeconds(600)), TestSettings.JWT_SECRET)).status())
                .isEqualTo(200);
    }

    @Test
    void theWebSocketAcceptsTheTokenInTheHeaderAndOnTheAliasPath() throws Exception {
        Account alice = api.register("alice");
        assertThat(upgradeStatus(URI.create("ws://127.0.0.1:" + api.port() + "/ws"), Map.of())).isEqualTo(401);
        try (WsClient header = WsClient.connect(URI.create("ws://127.0.0.1:" + api.port() + "/ws"), Map.of("Authorization", "Bearer " + alice.token()));
             WsClient alias = WsClient.connect(URI.create("ws://127.0.0.1:" + api.port() + "/socket/connect?token=" + alice.token()), Map.of())) {
            header.send(Map.of("type", "ping"));
            alias.send(Map.of("type", "ping"));
            header.awaitType("pong");
            alias.awaitType("pong");
        }
    }

    @Test
    void aConnectionIsClosedWith4001WhenItsTokenExpires() throws Exception {
        // A node of its own whose clock the test moves: a token that lives for seconds would be refused
        // at the handshake instead whenever the machine is slower than its lifetime.
        TestClock clock = new TestClock();
        try (ParleyNode node = ParleyNode.start(TestDirs.fresh("token-expiry"), Map.of(), clock)) {
            Account alice = node.api().register("alice");
            Tokens.Issued issued = node.bean(Tokens.class).issue(alice.id(), alice.username());
            try (RawWebSocket client = RawWebSocket.connect(node.port(), issued.token())) {
                clock.advance(Duration.ofSeconds(issued.expiresInSeconds()));
                RawWebSocket.Frame frame;
                while ((frame = client.read()) != null && frame.opcode() != RawWebSocket.CLOSE) {
                    // pings, if any
                }
                assertThat(frame).as("a close frame, not a dropped connection").isNotNull();
                assertThat(frame.closeCode()).isEqualTo(4001);
            }
        }
    }

    private static int upgradeStatus(URI uri, Map<String, String> headers) throws Exception {
        try {
            WsClient.attempt(uri, headers).get(10, TimeUnit.SECONDS).abort();
            return 101;
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    private static JWTClaimsSet claims(Account account, String issuer, Instant expires) {
        return new JWTClaimsSet.Builder().issuer(issuer).subject(account.id().toString()).claim("username", account.username())
                .issueTime(new Date()).expirationTime(Date.from(expires)).jwtID(UUID.randomUUID().toString()).build();
    }

    private static String signed(JWTClaimsSet claims, String key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(key.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static String unsigned(JWTClaimsSet claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }
}
