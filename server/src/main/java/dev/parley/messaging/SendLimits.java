package dev.parley.messaging;

import dev.parley.system.SettingsCheck;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How fast one user may send, over WebSocket and REST together (docs/security.md). A person typing
 * never reaches it; a script flooding one connection is refused after the burst.
 *
 * @param messagesPerSecond sends a user may make each second on this node, on average
 * @param messageBurst      sends a user may make at once after being quiet
 */
@ConfigurationProperties("parley.limits")
public record SendLimits(
        @DefaultValue("20") double messagesPerSecond,
        @DefaultValue("50") int messageBurst) {

    public SendLimits {
        new SettingsCheck()
                .require(messagesPerSecond > 0, "parley.limits.messages-per-second must be more than 0, got " + messagesPerSecond)
                .require(messageBurst >= 1, "parley.limits.message-burst must be at least 1, got " + messageBurst)
                .done();
    }
}
