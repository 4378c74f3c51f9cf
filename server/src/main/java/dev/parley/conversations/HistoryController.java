package dev.parley.conversations;

import dev.parley.accounts.AuthenticatedUser;
import dev.parley.system.ParleyError;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The caller's conversations and the pages of one conversation. */
@RestController
class HistoryController {

    private final ConversationList conversations;
    private final History history;

    HistoryController(ConversationList conversations, History history) {
        this.conversations = conversations;
        this.history = history;
    }

    @GetMapping("/api/v1/conversations")
    Mono<ConversationList.Page> conversations(@RequestParam(required = false) String cursor,
                                              @RequestParam(required = false) String limit, ServerWebExchange exchange) {
        return conversations.page(AuthenticatedUser.of(exchange).userId(), cursor, number("limit", limit, Integer::valueOf));
    }

    @GetMapping("/api/v1/conversations/{id}/messages")
    Mono<HistoryPage> messages(@PathVariable String id, @RequestParam(required = false) String before,
                               @RequestParam(required = false) String after, @RequestParam(required = false) String limit,
                               ServerWebExchange exchange) {
        History.Query query = new History.Query(id, number("before", before, Long::valueOf), number("after", after, Long::valueOf),
                number("limit", limit, Integer::valueOf));
        return history.page(AuthenticatedUser.of(exchange).userId(), query);
    }

    /** Query parameters are read as text so that a malformed number gets our typed 400, not a framework one. */
    private static <T> T number(String name, String raw, java.util.function.Function<String, T> parse) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return parse.apply(raw.trim());
        } catch (NumberFormatException e) {
            throw ParleyError.invalid(name, name + " must be a whole number");
        }
    }
}
