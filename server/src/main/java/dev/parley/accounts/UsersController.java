package dev.parley.accounts;

import java.time.Instant;
import java.util.UUID;

import dev.parley.system.ParleyError;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

@RestController
class UsersController {

    record Profile(UUID userId, String username, Instant createdAt) {
    }

    private final UserDirectory directory;

    UsersController(UserDirectory directory) {
        this.directory = directory;
    }

    /** Looks a user up by username (to start a direct conversation). */
    @GetMapping("/api/v1/users")
    Mono<Profile> byUsername(@RequestParam String username) {
        return directory.byUsername(username).map(found -> found
                .map(user -> new Profile(user.id(), user.username(), user.createdAt()))
                .orElseThrow(() -> ParleyError.notFound("unknown_user", "No user '" + username.trim() + "'")));
    }

    @GetMapping("/api/v1/users/me")
    Mono<Profile> me(ServerWebExchange exchange) {
        AuthenticatedUser caller = AuthenticatedUser.of(exchange);
        return directory.byId(caller.userId()).map(found -> found
                .map(user -> new Profile(user.id(), user.username(), user.createdAt()))
                .orElseThrow(() -> ParleyError.unauthorized("invalid_token", "The token's user no longer exists")));
    }
}
