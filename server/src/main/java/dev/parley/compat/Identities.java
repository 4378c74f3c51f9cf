package dev.parley.compat;

import java.util.Locale;

import dev.parley.accounts.AuthenticatedUser;
import org.springframework.http.server.reactive.ServerHttpRequest;

/** How the compatibility shapes name users: by user id or username, in a header or a query parameter of the same name. */
final class Identities {

    private Identities() {
    }

    /** Whether {@code reference} (a user id, or a username in any case) names {@code user}. */
    static boolean names(AuthenticatedUser user, String reference) {
        String value = reference.trim();
        return value.equalsIgnoreCase(user.userId().toString()) || value.toLowerCase(Locale.ROOT).equals(user.username().toLowerCase(Locale.ROOT));
    }

    /** The header {@code name}, or else the query parameter of that name; null when neither is given or both are blank. */
    static String headerOrQuery(ServerHttpRequest request, String name) {
        String value = request.getHeaders().getFirst(name);
        if (value == null || value.isBlank()) {
            value = request.getQueryParams().getFirst(name);
        }
        return value == null || value.isBlank() ? null : value;
    }
}
