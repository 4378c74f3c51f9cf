package dev.parley.messaging;

import java.time.Clock;

import dev.parley.accounts.UserDirectory;
import dev.parley.history.ArchivedMessages;
import dev.parley.log.MessageLog;
import dev.parley.rooms.Rooms;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    @Bean
    MessageSender messageSender(MessagingSettings settings, UserDirectory users, Rooms rooms, ArchivedMessages archive,
                                MessageLog log, Clock clock) {
        return new MessageSender(new SendValidation(settings), new ConversationResolver(users, rooms), archive, log, clock);
    }
}
