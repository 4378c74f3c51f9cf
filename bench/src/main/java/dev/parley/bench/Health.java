package dev.parley.bench;

import java.util.OptionalLong;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parley's {@code GET /health} body, as far as the bench reads it:
 * {@code {"status":"UP"|"DEGRADED"|"DOWN","components":{"archive":{"lagMessages":N,…},"routing":{"lagMessages":N,…},…}}}.
 * Servers before the archive reported its lag there have no {@code archive} component: then the
 * lags are empty and the caller falls back to the consumer group's offsets. The archive's counters
 * ({@code archivedSinceStart}, {@code deadLettersSinceStart}) show whether an aged archive was
 * stored or set aside.
 */
record Health(String status, OptionalLong archiveLag, OptionalLong routingLag, OptionalLong archivedSinceStart,
              OptionalLong deadLettersSinceStart) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Parses a body; anything unreadable is a health without status or lags. */
    static Health parse(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode components = root.path("components");
            JsonNode archive = components.path("archive");
            return new Health(root.path("status").isString() ? root.path("status").asString() : null,
                    number(archive, "lagMessages"), number(components.path("routing"), "lagMessages"),
                    number(archive, "archivedSinceStart"), number(archive, "deadLettersSinceStart"));
        } catch (JacksonException | IllegalArgumentException e) {
            OptionalLong none = OptionalLong.empty();
            return new Health(null, none, none, none, none);
        }
    }

    private static OptionalLong number(JsonNode component, String field) {
        JsonNode value = component.path(field);
        return value.isIntegralNumber() ? OptionalLong.of(value.asLong()) : OptionalLong.empty();
    }

    /** Started and able to take traffic (a node whose archive is catching up may say DEGRADED). */
    boolean serving() {
        return "UP".equals(status) || "DEGRADED".equals(status);
    }
}
