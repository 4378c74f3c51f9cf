package dev.parley.conversations;

import java.time.Clock;

import dev.parley.accounts.UserDirectory;
import dev.parley.archive.ArchivePositions;
import dev.parley.log.LogReader;
import dev.parley.log.LogTail;
import dev.parley.rooms.Rooms;
import dev.parley.system.Blocking;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Conversations as users see them: ids and access, history pages, the list, read positions, what a resume sends. */
@Configuration(proxyBeanMethods = false)
class ConversationsConfiguration {

    @Bean
    ConversationAccess conversationAccess(Rooms rooms, UserDirectory users) {
        return new ConversationAccess(rooms, users);
    }

    @Bean
    Unarchived unarchived(ArchivePositions positions, LogTail tail, LogReader log) {
        return new Unarchived(positions, tail, log);
    }

    @Bean
    History history(JdbcClient jdbc, Unarchived unarchived, ConversationAccess access, Blocking blocking) {
        return new History(new HistoryStore(jdbc), unarchived, access, blocking);
    }

    @Bean
    MessageLookup messageLookup(JdbcClient jdbc, Unarchived unarchived, LogTail tail, ConversationAccess access, Blocking blocking) {
        return new MessageLookup(new HistoryStore(jdbc), unarchived, tail, access, blocking);
    }

    @Bean
    ConversationList conversationList(JdbcClient jdbc, Blocking blocking) {
        return new ConversationList(new ConversationListStore(jdbc), blocking);
    }

    @Bean
    ResumeSource resumeSource(JdbcClient jdbc, Unarchived unarchived, Blocking blocking) {
        return new ArchiveAndLog(new ConversationListStore(jdbc), new HistoryStore(jdbc), unarchived, blocking);
    }

    @Bean
    ReadPositions readPositions(JdbcClient jdbc, Unarchived unarchived, ConversationAccess access, Blocking blocking, Clock clock) {
        return new ReadPositions(jdbc, unarchived, access, blocking, clock);
    }
}
