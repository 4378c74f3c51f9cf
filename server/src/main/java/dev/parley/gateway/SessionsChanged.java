package dev.parley.gateway;

import dev.parley.accounts.AuthenticatedUser;

/**
 * Published when a user's first session on this node opens or its last one closes (presence
 * listens). Synchronously: "closed" on the thread that closed the session, "opened" once its
 * registration in the directory completed (in cluster mode a Redis client thread). Listeners must not block.
 */
public record SessionsChanged(AuthenticatedUser user, boolean online) {
}
