package dev.parley.routing;

import java.util.List;
import java.util.stream.IntStream;

import dev.parley.log.Backlogs;
import dev.parley.log.LogConsumer;
import dev.parley.log.LogReader;
import dev.parley.log.LogTail;
import dev.parley.rooms.Rooms;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    static final String BACKLOG = "routing";

    @Bean
    DeliveryRouter deliveryRouter(Sessions sessions, Rooms rooms, JsonMapper json) {
        return new DeliveryRouter(sessions, rooms, json);
    }

    /**
     * The live router: one thread reading every partition of the log (explicit assignment, no
     * group, so a restarted node routes again as soon as it is up), registered with its lag bound.
     */
    @Bean(initMethod = "start", destroyMethod = "stop")
    LogConsumer liveRouterConsumer(LogReader reader, LogTail tail, DeliveryRouter router, Backlogs backlogs, DeliverySettings settings) {
        LiveRouter live = new LiveRouter(tail, router);
        List<Integer> all = IntStream.range(0, reader.partitions()).boxed().toList();
        LogConsumer consumer = reader.consumer("parley-router", all, LogReader.Pace.LIVE, live, live);
        backlogs.register(BACKLOG, consumer, settings.maxLag());
        return consumer;
    }

    @Bean
    RoutingHealth routingHealth(Backlogs backlogs) {
        return new RoutingHealth(backlogs);
    }

    @Bean
    Notifications notifications(Sessions sessions, JsonMapper json) {
        return new Notifications(sessions, json);
    }
}
