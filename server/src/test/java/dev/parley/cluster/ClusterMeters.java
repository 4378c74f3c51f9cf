package dev.parley.cluster;

import dev.parley.tracing.MessageTracing;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The meters only a node in cluster mode has (traffic on the delivery topics between nodes),
 * registered by the real {@link KafkaForwarder} and {@link NodeInbox} constructors into a
 * Prometheus registry of their own, without Kafka or Redis: for a test on a single node that
 * needs their Prometheus names. Nothing is started.
 */
public final class ClusterMeters {

    private ClusterMeters() {
    }

    /** The Prometheus text exposition of those meters, as a cluster node's scrape shows them. */
    public static String scrape() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new KafkaForwarder(null, null, MessageTracing.OFF, registry);
        new NodeInbox(null, "meters", null, MessageTracing.OFF, registry);
        return registry.scrape();
    }
}
