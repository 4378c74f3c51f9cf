package dev.parley.routing;

import dev.parley.gateway.SessionRegistry;
import dev.parley.rooms.Rooms;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    @Bean
    DeliveryRouter deliveryRouter(SessionRegistry sessions, Rooms rooms, JsonMapper json) {
        return new DeliveryRouter(sessions, rooms, json);
    }
}
