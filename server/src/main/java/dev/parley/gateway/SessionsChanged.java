package dev.parley.gateway;

import dev.parley.accounts.AuthenticatedUser;

/**
 * Published when a user's first session on this node opens or its last one closes (presence
 * listens). Synchronously, on the thread that opened or closed it: listeners must not block.
 */
public record SessionsChanged(AuthenticatedUser user, boolean online) {
}
