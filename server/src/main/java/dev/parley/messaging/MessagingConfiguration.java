package dev.parley.messaging;

import java.time.Clock;

import dev.parley.conversations.ConversationAccess;
import dev.parley.conversations.MessageLookup;
import dev.parley.log.Backlogs;
import dev.parley.log.LogTail;
import dev.parley.log.MessageLog;
import dev.parley.system.Quota;
import dev.parley.tracing.MessageTracing;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    @Bean
    MessageSender messageSender(MessagingSettings settings, SendLimits limits, ConversationAccess access, MessageLookup messages,
                                MessageLog log, LogTail tail, Backlogs backlogs, Clock clock, MessageTracing tracing, MeterRegistry meters) {
        return new MessageSender(new SendValidation(settings), access, log, tail, backlogs, new Records(messages, clock, settings.editWindow()),
                tracing, new SendOutcomes(meters),
                new Quota<>(limits.messagesPerSecond(), limits.messageBurst()));
    }
}
