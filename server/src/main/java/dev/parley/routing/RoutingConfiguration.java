package dev.parley.routing;

import java.util.List;
import java.util.stream.IntStream;

import dev.parley.log.Backlogs;
import dev.parley.log.LeasedConsumer;
import dev.parley.log.LogConsumer;
import dev.parley.log.LogReader;
import dev.parley.log.LogTail;
import dev.parley.log.PartitionLeases;
import dev.parley.rooms.Rooms;
import dev.parley.system.ClusterSettings;
import dev.parley.system.OnRole;
import dev.parley.system.Role;
import dev.parley.tracing.MessageTracing;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live routing. One node alone reads every partition of the log (explicit assignment, no group,
 * so a restarted node routes again as soon as it is up). In cluster mode the nodes share the
 * partitions through {@link PartitionLeases}: each partition is routed by one node, which reaches
 * the other nodes through {@link Directory} and {@link Forwarder}.
 */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    static final String BACKLOG = "routing";
    private static final String ONE_NODE = "'${parley.cluster.redis-url:}'.isBlank()";
    private static final String CLUSTER = "!" + ONE_NODE;

    @Bean
    @ConditionalOnExpression(ONE_NODE)
    Directory singleNodeDirectory() {
        return Directory.SINGLE_NODE;
    }

    @Bean
    @ConditionalOnExpression(ONE_NODE)
    Forwarder noForwarder() {
        return Forwarder.NONE;
    }

    /** Broadcasting while the registry is away and for a node TTL after: by then every live node has registered again. */
    @Bean
    NodeLookup nodeLookup(Directory directory, ClusterSettings cluster) {
        return new NodeLookup(directory, cluster.nodeTtl(), System::nanoTime);
    }

    @Bean
    DeliveryRouter deliveryRouter(Sessions sessions, Rooms rooms, NodeLookup nodes, Forwarder forwarder, JsonMapper json,
                                  MessageTracing tracing) {
        return new DeliveryRouter(sessions, rooms, nodes, forwarder, json, tracing);
    }

    @Bean
    LiveRouter liveRouter(LogTail tail, DeliveryRouter router) {
        return new LiveRouter(tail, router);
    }

    /** The live router's consumer, registered with its lag bound. In cluster mode it starts with no partition: leases add them. */
    @Bean(initMethod = "start", destroyMethod = "stop")
    @OnRole(Role.ROUTER)
    LogConsumer liveRouterConsumer(LogReader reader, LiveRouter live, Backlogs backlogs, DeliverySettings settings, ClusterSettings cluster) {
        List<Integer> all = cluster.enabled() ? List.of() : IntStream.range(0, reader.partitions()).boxed().toList();
        LogConsumer consumer = reader.consumer("parley-router", all, LogReader.Pace.LIVE, live, live);
        backlogs.register(BACKLOG, consumer, settings.maxLag());
        return consumer;
    }

    /** Stops before the consumer (it depends on it): the partitions are handed over with their final position. */
    @Bean(initMethod = "start", destroyMethod = "stop")
    @ConditionalOnExpression(CLUSTER)
    @OnRole(Role.ROUTER)
    PartitionLeases routerLeases(LogReader reader, LogConsumer liveRouterConsumer, LiveRouter live, LogTail tail, Forwarder forwarder,
                                 ClusterSettings cluster) {
        tail.routerStarted();
        LeasedConsumer leased = new LeasedConsumer(liveRouterConsumer, new LeasedConsumer.Owner() {
            @Override
            public void acquiring(java.util.Map<Integer, Long> committed) {
                live.takingOver(committed);
            }

            /** Forwards already queued go out before the next router of the partition starts: no reordering at a hand-over. */
            @Override
            public void released(int partition) {
                tail.release(partition);
                forwarder.flush();
            }

            @Override
            public long position(int partition) {
                return tail.routedUpTo(partition);
            }
        });
        return reader.leases("parley-router-leases", reader.topic() + ".router", cluster.nodeId(), cluster.sessionTimeout(), leased);
    }

    @Bean
    @OnRole(Role.ROUTER)
    RoutingHealth routingHealth(Backlogs backlogs, NodeLookup nodes) {
        return new RoutingHealth(backlogs, nodes);
    }

    @Bean
    Notifications notifications(Sessions sessions, Directory directory, Forwarder forwarder, JsonMapper json) {
        return new Notifications(sessions, directory, forwarder, json);
    }

    /** For a stopping node: deliver what it acked before its sessions close (gateway's drain). */
    @Bean
    RoutingCatchUp routingCatchUp(dev.parley.log.MessageLog log, LogReader reader, LogTail tail) {
        return new RoutingCatchUp(log, tail, reader.partitions());
    }
}
