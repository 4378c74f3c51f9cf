package dev.parley.rooms;

import java.util.Locale;
import java.util.regex.Pattern;

import dev.parley.system.ParleyError;

/** A room's name: 1 to 64 characters, a-z, 0-9, '-' and '_', case-insensitive (kept in lower case). */
public record RoomName(String value) {

    private static final Pattern ALLOWED = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    public static final String PREFIX = "room:";

    public static RoomName parse(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            throw ParleyError.invalid(field, field + " is required");
        }
        String name = raw.trim().toLowerCase(Locale.ROOT);
        if (!ALLOWED.matcher(name).matches()) {
            throw ParleyError.invalid(field, "room names are 1 to 64 characters: a-z, 0-9, '-' or '_', starting with a letter or digit");
        }
        return new RoomName(name);
    }

    public String conversationId() {
        return PREFIX + value;
    }
}
