package dev.parley.system;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param dataDir where a node keeps what it owns: the embedded broker's log, the embedded
 *                database and a generated token-signing key
 */
@ConfigurationProperties("parley")
public record DataSettings(@DefaultValue("./data") Path dataDir) {

    public Path resolve(String child) {
        return dataDir.toAbsolutePath().normalize().resolve(child);
    }
}
