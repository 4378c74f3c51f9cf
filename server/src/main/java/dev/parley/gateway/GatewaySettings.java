package dev.parley.gateway;

import java.time.Duration;

import dev.parley.system.SettingsCheck;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxFrameBytes       largest inbound WebSocket message; a larger one closes the connection with 1009
 * @param outboundQueueFrames frames a connection may have waiting to be written
 * @param outboundBufferBytes bytes written to a connection that its client has not read yet; a
 *                            client that falls further behind (on either bound) is disconnected with 4008
 * @param pingInterval        how often the server sends a WebSocket ping
 * @param idleTimeout         a connection that sends nothing (not even a pong) for this long is closed with 4000
 * @param maxEventLoopLag     how far the event loops may fall behind their queued work (acks and deliveries wait
 *                            there) before new sends are refused with {@code overloaded}
 */
@ConfigurationProperties("parley.gateway")
public record GatewaySettings(
        @DefaultValue("65536") int maxFrameBytes,
        @DefaultValue("512") int outboundQueueFrames,
        @DefaultValue("1048576") long outboundBufferBytes,
        @DefaultValue("20s") Duration pingInterval,
        @DefaultValue("60s") Duration idleTimeout,
        @DefaultValue("500ms") Duration maxEventLoopLag) {

    public GatewaySettings {
        new SettingsCheck()
                .require(maxFrameBytes >= 1024, "parley.gateway.max-frame-bytes must be at least 1024, got " + maxFrameBytes)
                .require(outboundQueueFrames >= 8, "parley.gateway.outbound-queue-frames must be at least 8, got " + outboundQueueFrames)
                .require(outboundBufferBytes >= 64 * 1024, "parley.gateway.outbound-buffer-bytes must be at least 65536, got " + outboundBufferBytes)
                .require(pingInterval.isPositive(), "parley.gateway.ping-interval must be positive, got " + pingInterval)
                .require(maxEventLoopLag.toMillis() >= 100, "parley.gateway.max-event-loop-lag must be at least 100ms, got " + maxEventLoopLag)
                .require(idleTimeout.compareTo(pingInterval) > 0, "parley.gateway.idle-timeout (" + idleTimeout
                        + ") must be longer than parley.gateway.ping-interval (" + pingInterval + ")")
                .done();
    }
}
