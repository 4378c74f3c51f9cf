package dev.parley.accounts;

import java.time.Clock;
import java.util.UUID;

import dev.parley.system.Blocking;
import dev.parley.system.ParleyError;
import dev.parley.system.Quota;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Registration and login. Hashing (and the database work around it) runs on a pool of its own
 * ({@link PasswordWork}), so a login flood can only queue behind other logins, never slow sends or
 * deliveries; guessing is slowed by {@link LoginThrottle} before any hash is computed.
 */
@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

    record Registration(String username, String password) {
    }

    record Registered(UUID userId, String username) {
    }

    /** {@code refreshCookie}: the refresh token goes in an HttpOnly cookie ({@link RefreshCookie}), not in the body. */
    record Login(String username, String password, Boolean refreshCookie) {
    }

    record AccessToken(String accessToken, String tokenType, long expiresIn, String refreshToken, long refreshExpiresIn) {
    }

    record Refresh(String refreshToken) {
    }

    private final UserStore store;
    private final UserDirectory directory;
    private final PasswordEncoder passwords;
    private final Tokens tokens;
    private final AuthSettings settings;
    private final PasswordWork hashing;
    private final LoginThrottle throttle;
    /** Accounts created per client address. */
    private final Quota<String> registrations;
    private final Clock clock;
    /** Compared against when the user does not exist, so both failures take as long. */
    private final String decoyHash;
    private final AuthFailures failures;
    private final RefreshTokens refreshTokens;
    private final RevokedTokens revoked;
    private final Blocking blocking;

    AuthController(UserStore store, UserDirectory directory, PasswordEncoder passwords, Tokens tokens,
                   AuthSettings settings, PasswordWork hashing, LoginThrottle throttle, RegistrationLimits registrationLimits,
                   Clock clock, AuthFailures failures, RefreshTokens refreshTokens, RevokedTokens revoked, Blocking blocking) {
        this.refreshTokens = refreshTokens;
        this.revoked = revoked;
        this.blocking = blocking;
        this.throttle = throttle;
        this.registrations = new Quota<>(registrationLimits.perAddressPerHour() / 3600.0, registrationLimits.burst());
        this.failures = failures;
        this.store = store;
        this.directory = directory;
        this.passwords = passwords;
        this.tokens = tokens;
        this.settings = settings;
        this.hashing = hashing;
        this.clock = clock;
        this.decoyHash = passwords.encode(UUID.randomUUID().toString());
    }

    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Registered> register(@RequestBody Registration body, ServerHttpRequest request) {
        long wait = registrations.take(ClientAddress.of(request));
        if (wait > 0) {
            failures.record("register", "rate_limited");
            throw ParleyError.rateLimited("Too many accounts created from this address; try again later", wait);
        }
        String username = Credentials.username(body.username());
        String password = Credentials.password(body.password(), settings.passwordMinLength());
        return hashing.call(() -> {
            User user = new User(UUID.randomUUID(), username, clock.instant());
            if (!store.insert(user, passwords.encode(password))) {
                throw ParleyError.conflict("username_taken", "The username '" + username + "' is already taken");
            }
            directory.remember(user);
            return new Registered(user.id(), user.username());
        });
    }

    @PostMapping("/login")
    Mono<AccessToken> login(@RequestBody Login body, ServerHttpRequest request, ServerHttpResponse response) {
        if (body.username() == null || body.password() == null) {
            throw ParleyError.badRequest("invalid_field", "username and password are required");
        }
        String username = body.username().strip().toLowerCase(java.util.Locale.ROOT);
        String password = body.password();
        String address = ClientAddress.of(request);
        try {
            throttle.check(username, address);
        } catch (ParleyError e) {
            failures.record("login", e.code());
            throw e;
        }
        return hashing.call(() -> {
            var stored = store.findByUsername(username);
            boolean matches = passwords.matches(password, stored.map(UserStore.StoredUser::passwordHash).orElse(decoyHash));
            if (stored.isEmpty() || !matches) {
                throttle.failed(username, address);
                failures.record("login", "invalid_credentials");
                throw ParleyError.unauthorized("invalid_credentials", "Wrong username or password");
            }
            throttle.succeeded(username);
            User user = stored.get().user();
            String refreshToken = refreshTokens.issue(user.id());
            if (Boolean.TRUE.equals(body.refreshCookie())) {
                RefreshCookie.set(request, response, refreshToken, settings.refreshLifetime());
                return tokensFor(user, null);
            }
            return tokensFor(user, refreshToken);
        });
    }

    /**
     * A new access token and the next refresh token of the family; the one presented stops working.
     * The token comes from the body or, when the body has none, from the {@link RefreshCookie}: then
     * the next one goes back in the cookie only.
     */
    @PostMapping("/refresh")
    Mono<AccessToken> refresh(@RequestBody(required = false) Refresh body, ServerHttpRequest request, ServerHttpResponse response) {
        boolean inBody = body != null && body.refreshToken() != null && !body.refreshToken().isBlank();
        String presented = inBody ? body.refreshToken() : RefreshCookie.from(request)
                .orElseThrow(() -> ParleyError.badRequest("invalid_field", "refreshToken is required"));
        return blocking.call(() -> {
            RefreshTokens.Rotated rotated = refreshTokens.rotate(presented);
            User user = store.findById(rotated.userId())
                    .orElseThrow(() -> ParleyError.unauthorized("invalid_refresh_token", "The refresh token's user no longer exists"));
            if (inBody) {
                return tokensFor(user, rotated.next());
            }
            RefreshCookie.set(request, response, rotated.next(), settings.refreshLifetime());
            return tokensFor(user, null);
        }).doOnError(ParleyError.class, e -> {
            failures.record("refresh", e.code());
            if (!inBody && e.status() == 401) {
                RefreshCookie.clear(request, response); // it will never work again: the browser may as well forget it
            }
        });
    }

    /**
     * Revokes the access token of the request (its {@code jti} is refused on every node from now
     * on, or within {@code parley.auth.revocation-poll-interval} on the others) and, if the body
     * names one (or the {@link RefreshCookie} holds one, which is then cleared), the refresh token's
     * whole family. Needs the token itself: this route is open in
     * {@link BearerAuthFilter} like the other {@code /auth} ones, so it checks it here.
     */
    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> logout(@RequestBody(required = false) Refresh body, ServerHttpRequest request, ServerHttpResponse response) {
        AuthenticatedUser user;
        try {
            user = tokens.verify(BearerTokens.from(request, false)
                    .orElseThrow(() -> ParleyError.unauthorized("missing_token", "Send the access token to revoke: Authorization: Bearer <token>")));
        } catch (ParleyError e) {
            failures.record("logout", e.code());
            throw e;
        }
        var cookie = RefreshCookie.from(request);
        cookie.ifPresent(ignored -> RefreshCookie.clear(request, response));
        return blocking.call(() -> {
            revoked.revoke(user.tokenId(), user.expiresAt());
            if (body != null && body.refreshToken() != null && !body.refreshToken().isBlank()) {
                refreshTokens.revoke(body.refreshToken());
            }
            cookie.ifPresent(refreshTokens::revoke);
            return true;
        }).then();
    }

    private AccessToken tokensFor(User user, String refreshToken) {
        Tokens.Issued issued = tokens.issue(user.id(), user.username());
        return new AccessToken(issued.token(), "Bearer", issued.expiresInSeconds(), refreshToken, settings.refreshLifetime().toSeconds());
    }
}
