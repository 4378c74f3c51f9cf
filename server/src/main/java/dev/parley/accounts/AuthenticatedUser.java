package dev.parley.accounts;

import java.time.Instant;
import java.util.UUID;

import dev.parley.system.ParleyError;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who a verified access token speaks for. The only source of a caller's identity.
 *
 * @param tokenId the token's {@code jti}, by which logout revokes it
 */
public record AuthenticatedUser(UUID userId, String username, Instant expiresAt, String tokenId) {

    static final String ATTRIBUTE = AuthenticatedUser.class.getName();

    /** The caller of a request that passed {@link BearerAuthFilter}. */
    public static AuthenticatedUser of(ServerWebExchange exchange) {
        AuthenticatedUser user = exchange.getAttribute(ATTRIBUTE);
        if (user == null) {
            // Not reached through BearerAuthFilter's rule: refuse as unauthenticated, never a 500.
            throw ParleyError.unauthorized("missing_token", "Send an access token: Authorization: Bearer <token>");
        }
        return user;
    }
}
