package dev.parley.routing;

import dev.parley.rooms.Rooms;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    @Bean
    DeliveryRouter deliveryRouter(Sessions sessions, Rooms rooms, JsonMapper json) {
        return new DeliveryRouter(sessions, rooms, json);
    }

    @Bean
    Notifications notifications(Sessions sessions, JsonMapper json) {
        return new Notifications(sessions, json);
    }
}
