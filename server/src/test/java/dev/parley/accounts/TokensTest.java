package dev.parley.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

import dev.parley.system.ParleyError;
import org.junit.jupiter.api.Test;

class TokensTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final AuthSettings settings = new AuthSettings("k".repeat(32), "parley", Duration.ofHours(1), Duration.ofDays(30), Duration.ofSeconds(1), 8, 4);
    private final SigningKey key = new SigningKey("k".repeat(32).getBytes(StandardCharsets.UTF_8));
    private final UUID user = UUID.randomUUID();
    private final DenyList denied = new DenyList();

    private Tokens at(Instant instant) {
        return new Tokens(key, settings, Clock.fixed(instant, ZoneOffset.UTC), denied);
    }

    @Test
    void anIssuedTokenVerifiesToItsUser() {
        Tokens.Issued issued = at(NOW).issue(user, "alice");
        AuthenticatedUser verified = at(NOW.plusSeconds(60)).verify(issued.token());
        assertThat(verified.userId()).isEqualTo(user);
        assertThat(verified.username()).isEqualTo("alice");
        assertThat(issued.expiresInSeconds()).isEqualTo(3600);
    }

    @Test
    void aRevokedTokenIsRefusedAndOthersStillPass() {
        Tokens tokens = at(NOW);
        String revoked = tokens.issue(user, "alice").token();
        String other = tokens.issue(user, "alice").token();
        denied.add(tokens.verify(revoked).tokenId(), NOW.plusSeconds(3600));
        assertThatThrownBy(() -> tokens.verify(revoked))
                .isInstanceOfSatisfying(ParleyError.class, e -> assertThat(e.code()).isEqualTo("token_revoked"));
        assertThat(tokens.verify(other).userId()).isEqualTo(user);
    }

    @Test
    void aTokenIsRefusedFromTheMomentItExpires() {
        String token = at(NOW).issue(user, "alice").token();
        assertThatThrownBy(() -> at(NOW.plusSeconds(3600)).verify(token))
                .isInstanceOfSatisfying(ParleyError.class, e -> assertThat(e.code()).isEqualTo("token_expired"));
    }

    @Test
    void aTamperedPayloadOrAlgNoneIsRefused() {
        String[] parts = at(NOW).issue(user, "alice").token().split("\\.");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String otherPayload = b64.encodeToString(("{\"iss\":\"parley\",\"sub\":\"" + UUID.randomUUID() + "\",\"exp\":4102444800}")
                .getBytes(StandardCharsets.UTF_8));
        String none = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        for (String forged : new String[] {parts[0] + "." + otherPayload + "." + parts[2], none + "." + parts[1] + ".", "x.y.z", ""}) {
            assertThatThrownBy(() -> at(NOW).verify(forged))
                    .isInstanceOfSatisfying(ParleyError.class, e -> assertThat(e.code()).isEqualTo("invalid_token"));
        }
    }

    @Test
    void anotherIssuersTokenIsRefused() {
        AuthSettings other = new AuthSettings("k".repeat(32), "someone-else", Duration.ofHours(1), Duration.ofDays(30), Duration.ofSeconds(1), 8, 4);
        String token = new Tokens(key, other, Clock.fixed(NOW, ZoneOffset.UTC), denied).issue(user, "alice").token();
        assertThatThrownBy(() -> at(NOW).verify(token)).isInstanceOfSatisfying(ParleyError.class, e -> {
            assertThat(e.code()).isEqualTo("invalid_token");
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).isEqualTo("The access token was not issued by this server");
        });
    }

    @Test
    void usernamesAreNormalisedToLowerCase() {
        assertThat(Credentials.username("  Alice.B ")).isEqualTo("alice.b");
    }
}
