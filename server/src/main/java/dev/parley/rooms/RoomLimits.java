package dev.parley.rooms;

import dev.parley.system.SettingsCheck;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param createdPerHour rooms one user may create per hour (joining an existing room is not limited);
 *                       up to this many at once, then at this rate
 */
@ConfigurationProperties("parley.limits.rooms")
public record RoomLimits(@DefaultValue("20") int createdPerHour) {

    public RoomLimits {
        new SettingsCheck()
                .require(createdPerHour >= 1, "parley.limits.rooms.created-per-hour must be at least 1, got " + createdPerHour)
                .done();
    }
}
