package dev.parley.history;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param consumers archive consumer threads; each takes a share of the log's partitions. More
 *                  deliver faster under heavy load but leave less CPU to the send path (see
 *                  docs/benchmarks.md for both figures on two cores)
 */
@ConfigurationProperties("parley.archive")
public record ArchiveSettings(@DefaultValue("2") int consumers) {

    public ArchiveSettings {
        if (consumers < 1 || consumers > 64) {
            throw new IllegalArgumentException("parley.archive.consumers must be between 1 and 64, got " + consumers);
        }
    }
}
