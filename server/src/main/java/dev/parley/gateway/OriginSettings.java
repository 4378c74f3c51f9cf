package dev.parley.gateway;

import java.util.List;

import dev.parley.system.SettingsCheck;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param allowedOrigins pages on other origins (e.g. {@code https://app.example.com}) whose scripts
 *                       may open WebSockets to this server; its own origin always may
 */
@ConfigurationProperties("parley.gateway")
public record OriginSettings(@DefaultValue("") List<String> allowedOrigins) {

    public OriginSettings {
        allowedOrigins = allowedOrigins.stream().filter(o -> !o.isBlank()).toList();
        SettingsCheck check = new SettingsCheck();
        for (String origin : allowedOrigins) {
            check.require(UpgradeOrigins.authorityOf(origin) != null,
                    "parley.gateway.allowed-origins must list origins like https://app.example.com, got '" + origin + "'");
        }
        check.done();
    }
}
