package dev.parley.gateway;

import java.util.List;
import java.util.Map;

import dev.parley.conversations.MessageView;

/** Outbound frames the gateway itself writes; message events are built by the routing capability. */
final class Frames {

    record Frame(String type, Object data) {
    }

    /** @param retryAfterMs set for {@code overloaded} and {@code rate_limited}: when the same frame may be sent again */
    record ErrorData(String code, String message, String ref, String field, Long retryAfterMs) {
    }

    record RoomData(String room, String conversationId, int members) {
    }

    record HistoryData(String requestId, String conversationId, List<MessageView> messages, Long olderBefore, Long newerAfter) {
    }

    record ResumeDone(int messages, Map<String, Long> readPositions) {
    }

    static final Frame PONG = new Frame("pong", null);

    private Frames() {
    }

    static Frame error(String code, String message, String ref, String field) {
        return new Frame("error", new ErrorData(code, message, ref, field, null));
    }

    static Frame error(dev.parley.system.ParleyError e, String ref) {
        return new Frame("error", new ErrorData(e.code(), e.getMessage(), ref, e.field(), e.retryAfterMs()));
    }
}
