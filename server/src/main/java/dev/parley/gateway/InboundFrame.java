package dev.parley.gateway;

import dev.parley.system.ParleyError;
import tools.jackson.databind.JsonNode;

/** A parsed client frame with typed access to its fields. */
record InboundFrame(String type, JsonNode body) {

    /** A string field, or null when absent or JSON null; any other JSON type is an error. */
    String text(String field) {
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
    Long number(String field) {
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
    JsonNode object(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw ParleyError.invalid(field, "'" + field + "' must be a JSON object");
        }
        return value;
    }

    /** What an error about this frame refers to: its clientMsgId or requestId when it has a usable one, else its type. */
    String ref() {
        for (String id : new String[] {"clientMsgId", "requestId"}) {
            JsonNode value = body.get(id);
            if (value != null && value.isString()) {
                return value.asString();
            }
        }
        return type;
    }
}
