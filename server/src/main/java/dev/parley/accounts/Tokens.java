package dev.parley.accounts;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.system.ParleyError;

/**
 * Issues and verifies access tokens: HS256-signed JWTs. Verification accepts only HS256 (so
 * {@code alg: none} and algorithm swaps are refused), checks the signature, the issuer and the
 * expiry, refuses a token revoked at logout (its {@code jti} is on the {@link DenyList}), and
 * takes the user id from {@code sub}.
 */
public final class Tokens {

    private final SigningKey key;
    private final AuthSettings settings;
    private final Clock clock;
    private final DenyList denied;

    Tokens(SigningKey key, AuthSettings settings, Clock clock, DenyList denied) {
        this.key = key;
        this.denied = denied;
        this.settings = settings;
        this.clock = clock;
    }

    record Issued(String token, long expiresInSeconds) {
    }

    Issued issue(UUID userId, String username) {
        Instant now = clock.instant();
        Instant expires = now.plus(settings.tokenLifetime());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .subject(userId.toString())
                .claim("username", username)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(key.bytes()));
            return new Issued(jwt.serialize(), settings.tokenLifetime().toSeconds());
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign an access token", e);
        }
    }

    /** The token's user, or a 401 {@link ParleyError} saying why it is not accepted. */
    public AuthenticatedUser verify(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw invalid("The access token is not a signed JWT");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw invalid("The access token must be signed with HS256");
        }
        try {
            if (!jwt.verify(new MACVerifier(key.bytes()))) {
                throw invalid("The access token's signature is wrong");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!settings.issuer().equals(claims.getIssuer())) {
                throw invalid("The access token was not issued by this server");
            }
            Date expires = claims.getExpirationTime();
            if (expires == null || !expires.toInstant().isAfter(clock.instant())) {
                throw ParleyError.unauthorized("token_expired", "The access token has expired; refresh it or log in again");
            }
            String jti = claims.getJWTID();
            if (jti == null || jti.isBlank()) {
                throw invalid("The access token has no jti");
            }
            if (denied.contains(jti)) {
                throw ParleyError.unauthorized("token_revoked", "The access token was revoked (logged out); log in again");
            }
            String username = claims.getStringClaim("username");
            return new AuthenticatedUser(UUID.fromString(claims.getSubject()), username, expires.toInstant(), jti);
        } catch (JOSEException | ParseException | IllegalArgumentException | NullPointerException e) {
            throw invalid("The access token is malformed");
        }
    }

    private static ParleyError invalid(String message) {
        return ParleyError.unauthorized("invalid_token", message);
    }
}
