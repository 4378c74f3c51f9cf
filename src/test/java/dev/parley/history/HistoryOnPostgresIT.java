package dev.parley.history;

import java.util.Map;

import dev.parley.support.ParleyNode;
import dev.parley.support.Postgres;
import dev.parley.support.TestDirs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class HistoryOnPostgresIT extends HistoryContract {

    private static ParleyNode node;

    @BeforeAll
    static void start() {
        node = ParleyNode.start(TestDirs.fresh("pg-history"), Map.of(
                "parley.database.url", Postgres.freshDatabase("history"),
                "parley.database.username", Postgres.USER,
                "parley.database.password", Postgres.PASSWORD));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Override
    ParleyNode node() {
        return node;
    }
}
