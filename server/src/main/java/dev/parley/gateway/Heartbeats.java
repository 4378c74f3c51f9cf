package dev.parley.gateway;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * One timer for all connections of the node: every ping interval it pings each connection and
 * closes (4000) those from which nothing arrived for longer than the idle timeout. One timer
 * instead of one per connection keeps idle connections cheap.
 */
final class Heartbeats {

    private final Disposable ticker;

    Heartbeats(SessionRegistry registry, GatewaySettings settings) {
        this.ticker = Flux.interval(settings.pingInterval(), settings.pingInterval())
                .subscribe(tick -> registry.forEach(connection -> {
                    if (connection.idleFor().compareTo(settings.idleTimeout()) > 0) {
                        connection.close(CloseCodes.IDLE_TIMEOUT);
                    } else {
                        connection.ping();
                    }
                }));
    }

    void stop() {
        ticker.dispose();
    }
}
