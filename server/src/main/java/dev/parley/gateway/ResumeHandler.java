package dev.parley.gateway;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import dev.parley.conversations.ResumeSource;
import dev.parley.system.ParleyError;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code resume}: the client says how far it has each conversation; the server sends everything
 * after that from the archive, then goes live without a gap or a duplicate (see {@link ResumeRun}).
 * The catch-up runs beside the connection's frame handling, so the client can keep talking.
 */
final class ResumeHandler implements FrameHandler {

    private final ResumeSource source;
    private final GatewayMetrics metrics;
    private final int maxPositions;

    ResumeHandler(ResumeSource source, GatewayMetrics metrics, GatewayLimits limits) {
        this.maxPositions = limits.resumePositions();
        this.source = source;
        this.metrics = metrics;
    }

    @Override
    public String type() {
        return "resume";
    }

    @Override
    public Mono<Void> handle(Connection connection, InboundFrame frame) {
        Map<String, Long> positions = positions(frame.object("positions"), maxPositions);
        if (!connection.startResume()) {
            return Mono.error(ParleyError.conflict("resume_in_progress", "A resume is already running on this connection"));
        }
        connection.hold();
        new ResumeRun(connection, source, positions, metrics).run().subscribe();
        return Mono.empty();
    }

    /**
     * A fixed cap rather than the user's conversation count, which would cost a database read before
     * the frame could be refused; ids of conversations the user is not in are dropped by the catch-up.
     */
    private static Map<String, Long> positions(JsonNode object, int max) {
        Map<String, Long> positions = new HashMap<>();
        if (object == null) {
            return positions;
        }
        if (object.size() > max) {
            throw ParleyError.invalid("positions", "positions may name at most " + max + " conversations; leave out those "
                    + "with nothing new and the server resumes them from your read position");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode seq = entry.getValue();
            if (!seq.isIntegralNumber() || !seq.canConvertToLong() || seq.asLong() < -1) {
                throw ParleyError.invalid("positions", "positions must map conversation ids to seqs (whole numbers, -1 for none)");
            }
            positions.put(entry.getKey(), seq.asLong());
        }
        return positions;
    }
}
