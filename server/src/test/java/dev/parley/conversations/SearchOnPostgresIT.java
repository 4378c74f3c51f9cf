package dev.parley.conversations;

import dev.parley.support.ParleyNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class SearchOnPostgresIT extends SearchContract {

    private static ParleyNode node;

    @BeforeAll
    static void start() {
        node = ParleyNode.onPostgres("search");
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
