package dev.parley.accounts;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.parley.system.JsonInput;
import dev.parley.system.ParleyError;

/**
 * The rules for usernames and passwords. Usernames are case-insensitive: they are stored and
 * compared in lower case.
 */
final class Credentials {

    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{2,31}");
    /** bcrypt reads at most 72 bytes; longer passwords would be silently truncated. */
    static final int PASSWORD_MAX_BYTES = 72;

    private Credentials() {
    }

    static String username(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ParleyError.invalid("username", "username is required");
        }
        String username = raw.strip().toLowerCase(Locale.ROOT); // strip, not trim: a NUL or other control character at an end is refused, not dropped
        if (!USERNAME.matcher(username).matches()) {
            throw ParleyError.invalid("username",
                    "username must be 3 to 32 characters: letters a-z, digits, '_', '.' or '-', starting with a letter or digit");
        }
        return username;
    }

    static String password(String raw, int minLength) {
        if (raw == null || raw.isEmpty()) {
            throw ParleyError.invalid("password", "password is required");
        }
        int surrogate = JsonInput.firstLoneSurrogate(raw);
        if (surrogate >= 0) {
            // Encoding would turn it into '?', so two different passwords would hash alike.
            throw ParleyError.invalid("password", JsonInput.loneSurrogateMessage("password", raw, surrogate));
        }
        if (raw.codePointCount(0, raw.length()) < minLength) {
            throw ParleyError.invalid("password", "password must be at least " + minLength + " characters long");
        }
        if (raw.getBytes(StandardCharsets.UTF_8).length > PASSWORD_MAX_BYTES) {
            throw ParleyError.invalid("password", "password must be at most " + PASSWORD_MAX_BYTES + " bytes long (UTF-8)");
        }
        return raw;
    }
}
