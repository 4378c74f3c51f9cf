package dev.parley.compat;

import dev.parley.accounts.UserDirectory;
import dev.parley.rooms.Rooms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Clients written for other chat services' APIs, as adapters at the edge of the one send and
 * delivery path (docs/compatibility.md); the REST calls are {@link EchoController}. All of it is off
 * with {@code parley.compat.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "parley.compat.enabled", havingValue = "true", matchIfMissing = true)
class CompatConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CompatConfiguration.class);

    @Bean
    RoomsJoinedOnConnect roomsJoinedOnConnect(Rooms rooms) {
        return new RoomsJoinedOnConnect(rooms);
    }

    @Bean
    SpringDemo springDemoEndpoint(JsonMapper json, RoomsJoinedOnConnect joins, UserDirectory users, CompatSettings settings) {
        if (settings.trustUserIdHeader()) {
            log.warn("parley.compat.trust-user-id-header is on: a WebSocket on /ws may name its user with {} and no token,"
                    + " so anyone who can reach this node can act as any user. For local development only.", SpringDemo.USER_ID_HEADER);
        }
        return new SpringDemo(json, joins, users, settings);
    }

    @Bean
    RoomChat roomChatEndpoint(JsonMapper json, RoomsJoinedOnConnect joins, CompatSettings settings) {
        return new RoomChat(json, joins, settings);
    }

    @Bean
    EchoStream echoStreamEndpoint(JsonMapper json) {
        return new EchoStream(json);
    }
}
