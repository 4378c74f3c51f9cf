package dev.parley.gateway;

import java.time.Duration;

import dev.parley.system.SettingsCheck;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What one user or one client address may hold on a node (docs/security.md). Counted per node.
 *
 * @param sessionsPerUser       open WebSocket sessions of one user; one more is closed with 4029 right after the upgrade
 * @param connectionsPerAddress open WebSocket connections from one client address; one more is refused with HTTP 429
 * @param handshakeTimeout      a TCP connection must have sent a whole HTTP request head this soon after it opened
 * @param keepAliveTimeout      a kept-alive HTTP connection must start its next request this soon after a response
 * @param resumePositions       conversations a {@code resume} frame may name; more is {@code invalid_field}
 */
@ConfigurationProperties("parley.limits.gateway")
public record GatewayLimits(
        @DefaultValue("32") int sessionsPerUser,
        @DefaultValue("1000") int connectionsPerAddress,
        @DefaultValue("5s") Duration handshakeTimeout,
        @DefaultValue("60s") Duration keepAliveTimeout,
        @DefaultValue("1000") int resumePositions) {

    public GatewayLimits {
        new SettingsCheck()
                .require(sessionsPerUser >= 1, "parley.limits.gateway.sessions-per-user must be at least 1, got " + sessionsPerUser)
                .require(connectionsPerAddress >= 1, "parley.limits.gateway.connections-per-address must be at least 1, got " + connectionsPerAddress)
                .require(handshakeTimeout.toMillis() >= 100, "parley.limits.gateway.handshake-timeout must be at least 100ms, got " + handshakeTimeout)
                .require(keepAliveTimeout.toMillis() >= 100, "parley.limits.gateway.keep-alive-timeout must be at least 100ms, got " + keepAliveTimeout)
                .require(resumePositions >= 1, "parley.limits.gateway.resume-positions must be at least 1, got " + resumePositions)
                .done();
    }
}
