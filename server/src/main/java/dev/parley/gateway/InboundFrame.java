package dev.parley.gateway;

import dev.parley.system.JsonFields;
import tools.jackson.databind.JsonNode;

/** A parsed client frame with typed access to its fields. */
record InboundFrame(String type, JsonNode body) {

    /** A string field, or null when absent or JSON null; any other JSON type is an error. */
    String text(String field) {
        return JsonFields.text(body, field);
    }

    /** A whole-number field, or null when absent or JSON null. */
    Long number(String field) {
        return JsonFields.number(body, field);
    }

    /** An object field, or null when absent or JSON null. */
    JsonNode object(String field) {
        return JsonFields.object(body, field);
    }

    /** What an error about this frame refers to: its clientMsgId or requestId when it has a usable one, else its type. */
    String ref() {
        return refOf(body, type);
    }

    /** The same for a frame not read as an {@code InboundFrame} (yet): {@code type} may be null. */
    static String refOf(JsonNode body, String type) {
        for (String id : new String[] {"clientMsgId", "requestId"}) {
            JsonNode value = body.get(id);
            if (value != null && value.isString()) {
                return value.asString();
            }
        }
        return type;
    }
}
