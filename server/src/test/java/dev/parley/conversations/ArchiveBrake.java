package dev.parley.conversations;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.newId;
import static dev.parley.support.Frames.toRoom;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import dev.parley.support.ParleyNode;
import dev.parley.support.TestApi;
import dev.parley.support.WsClient;
import org.awaitility.Awaitility;

/**
 * Holds the archive back on purpose: a transaction that locks the archive's position rows, so
 * every archive batch that touches those partitions waits (and is retried) until {@link #release}.
 * Reads are not blocked, so history and resume keep working, from the archive and the log.
 */
final class ArchiveBrake {

    /** Messages {@link #engage} sends (and the sender gets acks for) before it locks. */
    static final int MESSAGES_BEFORE = 2;

    private final Connection connection;

    private ArchiveBrake(Connection connection) {
        this.connection = connection;
    }

    /** Archives one message in each conversation first, so that their partitions have position rows to lock. */
    static ArchiveBrake engage(ParleyNode node, WsClient sender, TestApi.Account recipient, String room, List<String> conversations)
            throws SQLException {
        String dmId = newId();
        String roomId = newId();
        sender.send(dm(dmId, recipient.username(), "before the brake"));
        sender.send(toRoom(roomId, room, "before the brake"));
        sender.awaitData("message.ack", "clientMsgId", dmId);
        sender.awaitData("message.ack", "clientMsgId", roomId);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                node.api().get("/health", null).body().get("components").get("archive").get("lagMessages").asLong() == 0);
        Connection connection = node.bean(DataSource.class).getConnection();
        connection.setAutoCommit(false);
        connection.createStatement().executeQuery("SELECT * FROM archive_positions FOR UPDATE").close();
        return new ArchiveBrake(connection);
    }

    void release() {
        try {
            if (!connection.isClosed()) {
                connection.rollback();
                connection.close();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
