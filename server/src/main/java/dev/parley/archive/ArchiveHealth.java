package dev.parley.archive;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.parley.log.Backlogs;
import dev.parley.system.ComponentHealth;
import reactor.core.publisher.Mono;

/**
 * The archive in /health: how far it is behind the log (messages, and the age of the oldest one
 * not archived yet), whether its last write failed, how many records went to dead letters.
 * DEGRADED when it lags past {@code parley.archive.degraded-after} or its database refuses it;
 * DOWN when a consumer thread died. Live delivery does not depend on it.
 */
final class ArchiveHealth implements ComponentHealth {

    private final Backlogs backlogs;
    private final Archiver.ArchiveStatus status;
    private final Duration degradedAfter;

    ArchiveHealth(Backlogs backlogs, Archiver.ArchiveStatus status, Duration degradedAfter) {
        this.backlogs = backlogs;
        this.status = status;
        this.degradedAfter = degradedAfter;
    }

    @Override
    public String name() {
        return "archive";
    }

    @Override
    public Mono<Map<String, Object>> check() {
        long messages = 0;
        long millis = 0;
        boolean running = true;
        for (Backlogs.Backlog b : backlogs.all().values()) {
            if (b.name().startsWith(ArchiveConfiguration.BACKLOG)) {
                messages += b.lag().messages();
                millis = Math.max(millis, b.lag().millis());
                running &= b.running();
            }
        }
        String failure = status.lastFailure();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", !running ? DOWN : failure != null || millis > degradedAfter.toMillis() ? DEGRADED : UP);
        body.put("lagMessages", messages);
        body.put("lagMs", millis);
        body.put("archivedSinceStart", status.archived());
        body.put("deadLettersSinceStart", status.deadLetters());
        if (failure != null) {
            body.put("error", failure);
        }
        return Mono.just(body);
    }
}
