package dev.parley.presence;

import java.time.Clock;

import dev.parley.conversations.ConversationList;
import dev.parley.rooms.Rooms;
import dev.parley.routing.Directory;
import dev.parley.routing.Notifications;
import dev.parley.routing.Sessions;
import dev.parley.system.Blocking;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class PresenceConfiguration {

    @Bean(destroyMethod = "stop")
    Presence presence(Sessions sessions, Directory directory, Notifications notifications, ConversationList conversations, Rooms rooms,
                      JdbcClient jdbc, Blocking blocking, Clock clock) {
        return new Presence(sessions, directory, notifications, conversations, rooms, new LastSeenStore(jdbc), blocking, clock);
    }
}
