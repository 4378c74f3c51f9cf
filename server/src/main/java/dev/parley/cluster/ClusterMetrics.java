package dev.parley.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The one name for traffic on the delivery topics between nodes, counted where it leaves and where it arrives. */
final class ClusterMetrics {

    private ClusterMetrics() {
    }

    /** {@code direction}: "out" (written to another node's topic) or "in" (read from this node's). */
    static Counter forwards(MeterRegistry meters, String direction) {
        return Counter.builder("parley.cluster.forwards").description("Events on the delivery topics between nodes")
                .tag("direction", direction).register(meters);
    }
}
