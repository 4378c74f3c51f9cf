package dev.parley.system;

import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Parley accepts as JSON from a client, for WebSocket frames and REST bodies alike: no
 * duplicate keys (which copy would win is parser trivia a client must not depend on), and text
 * that is valid Unicode (a lone surrogate, escaped as {@code \ud800}, cannot be stored as UTF-8).
 */
public final class JsonInput {

    private JsonInput() {
    }

    /** The application's mapper, refusing duplicate keys; only for client input (the log's own records skip the check). */
    public static JsonMapper strict(JsonMapper json) {
        return json.rebuild().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    }

    /** The duplicated key, when {@code error} (or a cause of it) is Jackson refusing one. */
    public static Optional<String> duplicateKey(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            // Jackson has no type of its own for this failure; its message is pinned by JsonInputTest.
            if (e instanceof JacksonException jackson && jackson.getOriginalMessage() != null
                    && jackson.getOriginalMessage().startsWith("Duplicate Object property")
                    && jackson.processor() instanceof JsonParser parser) {
                return Optional.ofNullable(parser.currentName());
            }
        }
        return Optional.empty();
    }

    /** A client-facing sentence for a duplicate key. */
    public static String duplicateKeyMessage(String key) {
        return "The JSON has the key '" + key + "' more than once; send each key once";
    }

    /** Index of the first surrogate char that is not half of a pair, or -1: such text is not valid Unicode. */
    public static int firstLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** A client-facing sentence for a lone surrogate in {@code field}. */
    public static String loneSurrogateMessage(String field, String text, int index) {
        return field + " must be valid Unicode: it has a lone surrogate (U+" + String.format("%04X", (int) text.charAt(index))
                + ") at index " + index;
    }
}
