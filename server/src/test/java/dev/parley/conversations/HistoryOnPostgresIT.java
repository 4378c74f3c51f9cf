package dev.parley.conversations;

import dev.parley.support.ParleyNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class HistoryOnPostgresIT extends HistoryContract {

    private static ParleyNode node;

    @BeforeAll
    static void start() {
        node = ParleyNode.onPostgres("history");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Override
    protected ParleyNode node() {
        return node;
    }
}
