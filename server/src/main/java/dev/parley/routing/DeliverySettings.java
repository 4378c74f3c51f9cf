package dev.parley.routing;

import java.time.Duration;

import dev.parley.system.SettingsCheck;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxLag how far live routing may fall behind the log (age of the oldest message not routed
 *               yet) before new sends are refused with {@code overloaded}
 */
@ConfigurationProperties("parley.delivery")
public record DeliverySettings(@DefaultValue("1s") Duration maxLag) {

    public DeliverySettings {
        new SettingsCheck()
                .require(maxLag.toMillis() >= 100, "parley.delivery.max-lag must be at least 100ms, got " + maxLag)
                .done();
    }
}
