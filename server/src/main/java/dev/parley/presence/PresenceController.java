package dev.parley.presence;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.parley.accounts.AuthenticatedUser;
import dev.parley.accounts.UserDirectory;
import dev.parley.system.ParleyError;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/presence?users=alice,bob}: online and last seen of up to 100 users (usernames or ids). */
@RestController
class PresenceController {

    static final int MAX_USERS = 100;

    private final Presence presence;
    private final UserDirectory users;

    PresenceController(Presence presence, UserDirectory users) {
        this.presence = presence;
        this.users = users;
    }

    @GetMapping("/api/v1/presence")
    Mono<Map<String, List<Presence.Status>>> presence(@RequestParam(name = "users", required = false) String names,
                                                      ServerWebExchange exchange) {
        AuthenticatedUser.of(exchange); // signed in (the filter has checked the token)
        if (names == null || names.isBlank()) {
            return Mono.error(ParleyError.invalid("users", "name the users: users=alice,bob (usernames or ids, at most " + MAX_USERS + ")"));
        }
        List<String> wanted = Arrays.stream(names.split(",")).map(String::trim).filter(n -> !n.isEmpty()).distinct().toList();
        if (wanted.size() > MAX_USERS) {
            return Mono.error(ParleyError.invalid("users", "at most " + MAX_USERS + " users per request"));
        }
        return Flux.fromIterable(wanted)
                .concatMap(reference -> users.byIdOrUsername(reference))
                .flatMapIterable(found -> found.map(List::of).orElse(List.of()))
                .collectList()
                .flatMap(presence::of)
                .map(statuses -> Map.of("presence", statuses));
    }

}
