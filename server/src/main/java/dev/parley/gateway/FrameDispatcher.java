package dev.parley.gateway;

import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.parley.system.JsonInput;
import dev.parley.system.ParleyError;
import dev.parley.system.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parses a client text frame and passes it to the handler of its type. Whatever goes wrong is
 * answered with an {@code error} frame and the connection stays open. Frames are read strictly
 * (see {@link JsonInput}): a duplicate key or a lone surrogate anywhere refuses the whole frame.
 */
final class FrameDispatcher {

    private static final Logger log = LoggerFactory.getLogger(FrameDispatcher.class);
    /** Warnings that can repeat per message, record or connection under load: the first at once, then a count every 5 s. */
    private static final ThrottledLog throttled = ThrottledLog.of(log);

    private final JsonMapper json;
    private final Map<String, FrameHandler> handlers;
    private final GatewayMetrics metrics;

    FrameDispatcher(JsonMapper json, List<FrameHandler> handlers, GatewayMetrics metrics) {
        this.json = JsonInput.strict(json);
        this.metrics = metrics;
        this.handlers = handlers.stream().collect(Collectors.toUnmodifiableMap(FrameHandler::type, Function.identity()));
    }

    Mono<Void> dispatch(Connection connection, String text) {
        List<InboundFrame> frames = accepted(connection, text);
        if (frames.size() == 1) {
            return dispatch(connection, frames.getFirst());
        }
        return reactor.core.publisher.Flux.fromIterable(frames).concatMap(frame -> dispatch(connection, frame)).then();
    }

    private Mono<Void> dispatch(Connection connection, InboundFrame frame) {
        FrameHandler handler = handlers.get(frame.type());
        metrics.frameIn(handler == null ? "unknown" : frame.type());
        if (handler == null) {
            connection.send(Frames.error("unknown_type", "Unknown frame type '" + frame.type() + "'", frame.type(), "type"));
            return Mono.empty();
        }
        return Mono.defer(() -> handler.handle(connection, frame))
                .onErrorResume(error -> {
                    connection.send(errorFrame(error, frame));
                    return Mono.empty();
                });
    }

    /**
     * The native frames this text stands for (one, unless the connection's {@link Dialect} reads it
     * as several), or none once the client has been told why it is refused.
     */
    private List<InboundFrame> accepted(Connection connection, String text) {
        ObjectNode node = null;
        try {
            node = parse(text);
            requireUnicode(node, null);
            List<ObjectNode> frames = connection.dialect().read(node);
            return frames.size() == 1 ? List.of(typed(frames.getFirst())) : frames.stream().map(FrameDispatcher::typed).toList();
        } catch (ParleyError e) {
            metrics.frameIn("invalid");
            connection.send(Frames.error(e, node == null ? null : cleanRef(node)));
            return List.of();
        }
    }

    private ObjectNode parse(String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JacksonException e) {
            throw ParleyError.badRequest("invalid_json", JsonInput.duplicateKey(e).map(JsonInput::duplicateKeyMessage)
                    .orElse("The frame is not valid JSON"));
        }
        if (node == null || !node.isObject()) {
            throw ParleyError.badRequest("invalid_frame", "A frame must be a JSON object with a 'type'");
        }
        return (ObjectNode) node;
    }

    private static InboundFrame typed(ObjectNode node) {
        JsonNode type = node.get("type");
        if (type == null || !type.isString() || type.asString().isBlank()) {
            throw ParleyError.invalid("type", "A frame must have a string 'type'");
        }
        return new InboundFrame(type.asString(), node);
    }

    /**
     * Refuses a lone surrogate in any key or string of the frame, before any handler (or the error
     * frame's ref) can use it: UTF-8 cannot carry it, so it would be stored or echoed as '?'.
     * {@code field} is the top-level key the value is under, named in the error.
     */
    private static void requireUnicode(JsonNode node, String field) {
        if (node.isString()) {
            String text = node.asString();
            int at = JsonInput.firstLoneSurrogate(text);
            if (at >= 0) {
                throw ParleyError.invalid(field, JsonInput.loneSurrogateMessage("'" + field + "'", text, at));
            }
        } else if (node.isObject()) {
            for (Entry<String, JsonNode> property : node.properties()) {
                int at = JsonInput.firstLoneSurrogate(property.getKey());
                if (at >= 0) {
                    throw ParleyError.invalid(field, JsonInput.loneSurrogateMessage("a key", property.getKey(), at));
                }
                requireUnicode(property.getValue(), field == null ? property.getKey() : field);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                requireUnicode(element, field);
            }
        }
    }

    /** The frame's ref, unless it is where the lone surrogate is (it could not be written back). */
    private static String cleanRef(ObjectNode node) {
        JsonNode type = node.get("type");
        String ref = InboundFrame.refOf(node, type != null && type.isString() ? type.asString() : null);
        if (ref == null) {
            return null;
        }
        return JsonInput.firstLoneSurrogate(ref) < 0 ? ref : null;
    }

    private static Frames.Frame errorFrame(Throwable error, InboundFrame frame) {
        if (error instanceof ParleyError e) {
            return Frames.error(e, frame.ref());
        }
        throttled.error("Unexpected failure handling a {} frame", frame.type(), error);
        return Frames.error("internal_error", "The server failed to handle this frame", frame.ref(), null);
    }
}
