package dev.parley.accounts;

import dev.parley.system.SettingsCheck;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many accounts one client address may create (docs/security.md).
 *
 * @param perAddressPerHour accounts one address may register per hour, on average
 * @param burst             accounts one address may register at once (a family, a classroom setting up)
 */
@ConfigurationProperties("parley.limits.registration")
public record RegistrationLimits(@DefaultValue("20") int perAddressPerHour, @DefaultValue("10") int burst) {

    public RegistrationLimits {
        new SettingsCheck()
                .require(perAddressPerHour >= 1, "parley.limits.registration.per-address-per-hour must be at least 1, got " + perAddressPerHour)
                .require(burst >= 1, "parley.limits.registration.burst must be at least 1, got " + burst)
                .done();
    }
}
