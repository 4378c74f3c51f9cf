package dev.parley.accounts;

import java.time.Instant;
import java.util.UUID;

import dev.parley.system.ParleyError;
import org.springframework.web.bind.annotation.GetMapping;
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

    @GetMapping("/api/v1/users/me")
    Mono<Profile> me(ServerWebExchange exchange) {
        AuthenticatedUser caller = AuthenticatedUser.of(exchange);
        return directory.byId(caller.userId()).map(found -> found
                .map(user -> new Profile(user.id(), user.username(), user.createdAt()))
                .orElseThrow(() -> ParleyError.unauthorized("invalid_token", "The token's user no longer exists")));
    }
}
