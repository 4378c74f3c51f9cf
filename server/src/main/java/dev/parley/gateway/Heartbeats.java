package dev.parley.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.parley.accounts.DenyList;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Two timers for all connections of the node, instead of any per connection (which would make
 * idle connections cost more): every ping interval it pings each connection and closes (4000)
 * those from which nothing arrived for longer than the idle timeout; every second it closes (4001)
 * those whose access token has expired, and (4003) those whose token was revoked (logout).
 */
final class Heartbeats {

    private static final Duration EXPIRY_CHECK = Duration.ofSeconds(1);

    private final Disposable pings;
    private final Disposable expiries;

    Heartbeats(SessionRegistry registry, GatewaySettings settings, Clock clock, DenyList revoked) {
        this.pings = Flux.interval(settings.pingInterval(), settings.pingInterval())
                .subscribe(tick -> registry.forEach(connection -> {
                    if (connection.idleFor().compareTo(settings.idleTimeout()) > 0) {
                        connection.close(CloseCodes.IDLE_TIMEOUT);
                    } else {
                        connection.ping();
                    }
                }));
        this.expiries = Flux.interval(EXPIRY_CHECK, EXPIRY_CHECK).subscribe(tick -> {
            Instant now = clock.instant();
            registry.forEach(connection -> {
                if (!connection.user().expiresAt().isAfter(now)) {
                    connection.close(CloseCodes.TOKEN_EXPIRED);
                } else if (revoked.contains(connection.user().tokenId())) {
                    connection.close(CloseCodes.TOKEN_REVOKED);
                }
            });
        });
    }

    void stop() {
        pings.dispose();
        expiries.dispose();
    }
}
