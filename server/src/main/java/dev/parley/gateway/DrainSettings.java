package dev.parley.gateway;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a stopping node lets its clients go (docs/architecture.md, "Stopping a node").
 *
 * @param readinessGrace how long the node keeps taking new connections and sends after its readiness
 *                       went DOWN, so that a load balancer polling readiness stops sending clients here
 *                       first; 0 when nothing polls it
 * @param answerTimeout  how long the drain waits for sends already handed to the log to be answered
 *                       before it closes their connections anyway
 */
@ConfigurationProperties("parley.drain")
public record DrainSettings(
        @DefaultValue("0s") Duration readinessGrace,
        @DefaultValue("5s") Duration answerTimeout) {

    public DrainSettings {
        if (readinessGrace.isNegative() || readinessGrace.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("parley.drain.readiness-grace must be between 0s and 60s, got " + readinessGrace);
        }
        if (answerTimeout.toMillis() < 100 || answerTimeout.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("parley.drain.answer-timeout must be between 100ms and 60s, got " + answerTimeout);
        }
    }
}
