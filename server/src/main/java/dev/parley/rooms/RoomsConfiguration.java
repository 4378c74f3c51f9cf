package dev.parley.rooms;

import java.time.Clock;

import dev.parley.system.Blocking;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class RoomsConfiguration {

    @Bean
    Rooms rooms(JdbcClient jdbc, Blocking blocking, Clock clock, ApplicationEventPublisher events, RoomLimits limits) {
        return new Rooms(new RoomStore(jdbc), blocking, clock, events, limits);
    }
}
