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

    /** What an error about this frame refers to: its clientMsgId when it has a usable one, else its type. */
    String ref() {
        JsonNode id = body.get("clientMsgId");
        return id != null && id.isString() ? id.asString() : type;
    }
}
