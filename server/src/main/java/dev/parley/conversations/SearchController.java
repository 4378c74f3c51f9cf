package dev.parley.conversations;

import dev.parley.accounts.AuthenticatedUser;
import dev.parley.system.ParleyError;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Search in the caller's conversations. */
@RestController
class SearchController {

    private final Search search;

    SearchController(Search search) {
        this.search = search;
    }

    @GetMapping("/api/v1/search")
    Mono<Search.Page> search(@RequestParam(required = false) String q, @RequestParam(required = false) String conversationId,
                             @RequestParam(required = false) String cursor, @RequestParam(required = false) String limit,
                             ServerWebExchange exchange) {
        return search.page(AuthenticatedUser.of(exchange).userId(), new Search.Query(q, conversationId, cursor, limit(limit)));
    }

    /** Read as text so that a malformed number gets our typed 400, not a framework one. */
    private static Integer limit(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(raw.trim());
        } catch (NumberFormatException e) {
            throw ParleyError.invalid("limit", "limit must be a whole number");
        }
    }
}
