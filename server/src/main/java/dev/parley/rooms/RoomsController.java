package dev.parley.rooms;

import java.util.List;
import java.util.Locale;

import dev.parley.accounts.AuthenticatedUser;
import dev.parley.system.ParleyError;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/rooms}: the room directory, for browsing and joining. Joining itself is {@code room.join}. */
@RestController
class RoomsController {

    static final int MAX_LIMIT = 200;

    /** @param nextAfter pass as {@code after} for the next page; null on the last page */
    record Page(List<Rooms.Listed> rooms, String nextAfter) {
    }

    private final Rooms rooms;

    RoomsController(Rooms rooms) {
        this.rooms = rooms;
    }

    @GetMapping("/api/v1/rooms")
    Mono<Page> list(@RequestParam(defaultValue = "") String prefix, @RequestParam(defaultValue = "") String after,
                    @RequestParam(defaultValue = "100") String limit, ServerWebExchange exchange) {
        int size;
        try {
            size = Math.min(Integer.parseInt(limit.trim()), MAX_LIMIT);
        } catch (NumberFormatException e) {
            throw ParleyError.invalid("limit", "limit must be a whole number");
        }
        if (size < 1) {
            throw ParleyError.invalid("limit", "limit must be at least 1 (at most " + MAX_LIMIT + " are returned)");
        }
        String normalized = prefix.trim().toLowerCase(Locale.ROOT);
        if (!normalized.matches("[a-z0-9_-]{0,64}")) {
            throw ParleyError.invalid("prefix", "prefix may only contain a-z, 0-9, '-' and '_'");
        }
        return rooms.list(normalized, AuthenticatedUser.of(exchange).userId(), after.trim().toLowerCase(Locale.ROOT), size + 1)
                .map(found -> found.size() <= size ? new Page(found, null)
                        : new Page(List.copyOf(found.subList(0, size)), found.get(size - 1).room()));
    }
}
