package dev.parley.messaging;

import dev.parley.support.ParleyNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class ChangesOnPostgresIT extends ChangesContract {

    private static ParleyNode node;

    @BeforeAll
    static void start() {
        node = ParleyNode.onPostgres("changes");
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
