package dev.parley.accounts;

import java.time.Duration;

import dev.parley.system.Blocking;
import dev.parley.system.ThrottledLog;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * One timer per node: every {@code parley.auth.revocation-poll-interval} it copies new
 * revocations into this node's deny-list; about once a minute it deletes revocations and refresh
 * tokens that have expired. A database outage only delays both (logged, retried next tick).
 */
final class TokenJanitor {

    private static final Duration CLEANUP = Duration.ofMinutes(1);

    private final Disposable timer;

    TokenJanitor(RevokedTokens revoked, RefreshTokens refresh, AuthSettings settings, Blocking blocking) {
        ThrottledLog log = ThrottledLog.of(org.slf4j.LoggerFactory.getLogger(TokenJanitor.class));
        long cleanupEvery = Math.max(1, CLEANUP.toMillis() / settings.revocationPollInterval().toMillis());
        this.timer = Flux.interval(Duration.ZERO, settings.revocationPollInterval())
                .onBackpressureDrop()
                .concatMap(tick -> blocking.call(() -> {
                    revoked.catchUp();
                    if (tick % cleanupEvery == cleanupEvery - 1) {
                        revoked.deleteExpired();
                        refresh.deleteExpired();
                    }
                    return tick;
                }).onErrorResume(e -> {
                    log.warn("Cannot read revoked tokens: {}", e.toString());
                    return reactor.core.publisher.Mono.empty();
                }), 1)
                .subscribe();
    }

    void stop() {
        timer.dispose();
    }
}
