package dev.parley.gateway;

import dev.parley.system.SettingsCheck;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How fast one connection may send the frames that fan out to a whole conversation without being
 * stored as messages (docs/security.md).
 *
 * @param readsPerSecond  {@code read} frames a connection may send each second, on average
 * @param readBurst       {@code read} frames a connection may send at once after being quiet
 * @param typingPerSecond {@code typing} frames a connection may send each second, on average
 * @param typingBurst     {@code typing} frames a connection may send at once after being quiet
 */
@ConfigurationProperties("parley.limits")
public record FrameLimits(
        @DefaultValue("5") double readsPerSecond,
        @DefaultValue("20") int readBurst,
        @DefaultValue("1") double typingPerSecond,
        @DefaultValue("5") int typingBurst) {

    public FrameLimits {
        new SettingsCheck()
                .require(readsPerSecond > 0, "parley.limits.reads-per-second must be more than 0, got " + readsPerSecond)
                .require(readBurst >= 1, "parley.limits.read-burst must be at least 1, got " + readBurst)
                .require(typingPerSecond > 0, "parley.limits.typing-per-second must be more than 0, got " + typingPerSecond)
                .require(typingBurst >= 1, "parley.limits.typing-burst must be at least 1, got " + typingBurst)
                .done();
    }
}
