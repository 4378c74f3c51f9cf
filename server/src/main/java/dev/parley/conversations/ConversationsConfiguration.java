package dev.parley.conversations;

import java.sql.DatabaseMetaData;
import java.time.Clock;

import javax.sql.DataSource;

import dev.parley.accounts.UserDirectory;
import dev.parley.archive.ArchivePositions;
import dev.parley.log.LogReader;
import dev.parley.log.LogTail;
import dev.parley.rooms.Rooms;
import dev.parley.system.Blocking;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Conversations as users see them: ids and access, history pages, the list, read positions, what a resume sends, search. */
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

    @Bean
    Search search(JdbcClient jdbc, PlatformTransactionManager transactions, DataSource dataSource, ConversationAccess access,
                  Blocking blocking) throws MetaDataAccessException {
        // Full-text search where V7__search.sql built its index (db/vendor/postgresql); LIKE on H2.
        String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        TransactionTemplate readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
        return new Search(new SearchStore(jdbc, readOnly, "PostgreSQL".equalsIgnoreCase(product)), access, blocking);
    }
}
