package dev.parley.system;

import tools.jackson.databind.JsonNode;

/**
 * Typed reads of a client's JSON object, the same for a WebSocket frame and a REST body: a field
 * of the wrong JSON type is refused as {@code invalid} naming that field, on every transport.
 */
public final class JsonFields {

    private JsonFields() {
    }

    /** The body as an object; anything else is refused. */
    public static JsonNode object(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ParleyError.badRequest("invalid_json", "The body must be a JSON object");
        }
        return body;
    }

    /** A string field, or null when absent or JSON null; any other JSON type is an error. */
    public static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw ParleyError.invalid(field, "'" + field + "' must be a string");
        }
        return value.asString();
    }

    /** A whole-number field, or null when absent or JSON null. */
    public static Long number(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw ParleyError.invalid(field, "'" + field + "' must be a whole number");
        }
        return value.asLong();
    }

    /** An object field, or null when absent or JSON null. */
    public static JsonNode object(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw ParleyError.invalid(field, "'" + field + "' must be a JSON object");
        }
        return value;
    }
}
