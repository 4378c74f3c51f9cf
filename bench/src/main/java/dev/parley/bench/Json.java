package dev.parley.bench;

/**
 * Reads single fields from the server's frames without a full JSON parse: the load generator runs
 * on the same two cores as the server, so its per-frame cost is kept small. Only for values the
 * bench itself wrote (no escapes) and for numbers.
 */
final class Json {

    private Json() {
    }

    /** The raw text of a string field's value, or null. */
    static String string(String frame, String field) {
        String key = "\"" + field + "\":\"";
        int start = frame.indexOf(key);
        if (start < 0) {
            return null;
        }
        start += key.length();
        int end = frame.indexOf('"', start);
        return end < 0 ? null : frame.substring(start, end);
    }

    static long number(String frame, String field) {
        String key = "\"" + field + "\":";
        int start = frame.indexOf(key);
        if (start < 0) {
            return Long.MIN_VALUE;
        }
        start += key.length();
        int end = start;
        while (end < frame.length() && (Character.isDigit(frame.charAt(end)) || frame.charAt(end) == '-')) {
            end++;
        }
        return Long.parseLong(frame.substring(start, end));
    }

    static boolean isType(String frame, String type) {
        return frame.startsWith("{\"type\":\"" + type + "\"");
    }
}
