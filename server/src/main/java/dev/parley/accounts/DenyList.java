package dev.parley.accounts;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's copy of the revoked access tokens ({@code jti} to the token's expiry), filled by
 * {@link RevokedTokens}. Checking a token is a map lookup: no query per REST request or upgrade.
 */
public final class DenyList {

    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();

    public boolean contains(String jti) {
        return jti != null && revoked.containsKey(jti);
    }

    void add(String jti, Instant expiresAt) {
        revoked.put(jti, expiresAt);
    }

    /** Forgets tokens that have expired anyway: expiry refuses them from now on. */
    void prune(Instant now) {
        revoked.values().removeIf(expires -> expires.isBefore(now));
    }

    int size() {
        return revoked.size();
    }
}
