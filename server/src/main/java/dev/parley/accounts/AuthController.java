package dev.parley.accounts;

import java.time.Clock;
import java.util.UUID;

import dev.parley.system.ParleyError;
import dev.parley.system.Quota;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
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

    record Login(String username, String password) {
    }

    record AccessToken(String accessToken, String tokenType, long expiresIn) {
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

    AuthController(UserStore store, UserDirectory directory, PasswordEncoder passwords, Tokens tokens,
                   AuthSettings settings, PasswordWork hashing, LoginThrottle throttle, RegistrationLimits registrationLimits,
                   Clock clock, AuthFailures failures) {
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
    Mono<AccessToken> login(@RequestBody Login body, ServerHttpRequest request) {
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
            Tokens.Issued issued = tokens.issue(user.id(), user.username());
            return new AccessToken(issued.token(), "Bearer", issued.expiresInSeconds());
        });
    }
}
