package dev.parley.archive;

import java.time.Duration;

import dev.parley.system.SettingsCheck;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param consumers     archive consumer threads, each with a share of the log's partitions; 0 (the default)
 *                      picks: three on PostgreSQL (at most one per partition), one on H2 (see {@link ArchiveConfiguration})
 * @param maxLag        how far the archive may fall behind the log (age of the oldest message not
 *                      archived yet) before new sends are refused with {@code overloaded}
 * @param degradedAfter a lag beyond this shows the archive as DEGRADED in /health
 * @param queryTimeout  how long one archive statement may run before it counts as failed (and is retried)
 */
@ConfigurationProperties("parley.archive")
public record ArchiveSettings(
        @DefaultValue("0") int consumers,
        @DefaultValue("10s") Duration maxLag,
        @DefaultValue("5s") Duration degradedAfter,
        @DefaultValue("30s") Duration queryTimeout) {

    public ArchiveSettings {
        new SettingsCheck()
                .require(consumers >= 0 && consumers <= 64,
                        "parley.archive.consumers must be between 1 and 64 (0: chosen for the database), got " + consumers)
                .require(maxLag.toMillis() >= 1000, "parley.archive.max-lag must be at least 1s, got " + maxLag)
                .require(!degradedAfter.isNegative() && degradedAfter.compareTo(maxLag) <= 0,
                        "parley.archive.degraded-after must be between 0 and parley.archive.max-lag (" + maxLag + "), got " + degradedAfter)
                .require(queryTimeout.toSeconds() >= 1, "parley.archive.query-timeout must be at least 1s, got " + queryTimeout)
                .done();
    }
}
