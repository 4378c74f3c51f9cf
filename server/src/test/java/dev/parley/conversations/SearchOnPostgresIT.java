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

    /** The server picks one of two statements per query (SearchStore.Plan): both find the same pages. */
    @org.junit.jupiter.api.Test
    void bothWaysOfAskingPostgresqlFindTheSamePages() {
        var alice = api.register("alice");
        var bob = api.register("bob");
        String word = "zp" + Long.toString(System.nanoTime(), 36);
        var a = connect(alice);
        java.util.List<Long> seqs = HistoryContract.send(a, 7, id -> dev.parley.support.Frames.dm(id, bob.username(), "plan " + word + " " + id));
        HistoryContract.send(a, 2, id -> dev.parley.support.Frames.dm(id, bob.username(), "no match " + id));
        var jdbc = node.bean(org.springframework.jdbc.core.simple.JdbcClient.class);
        org.awaitility.Awaitility.await().until(() -> jdbc.sql("SELECT COUNT(*) FROM messages WHERE content LIKE ?").param("plan " + word + "%")
                .query(Long.class).single() == 7);
        var transactions = new org.springframework.transaction.support.TransactionTemplate(
                node.bean(org.springframework.transaction.PlatformTransactionManager.class));
        java.util.List<java.util.List<String>> found = new java.util.ArrayList<>();
        for (SearchStore.Plan plan : SearchStore.Plan.values()) {
            SearchStore store = new SearchStore(jdbc, transactions, true, plan);
            java.util.List<String> ids = new java.util.ArrayList<>();
            SearchStore.Cursor after = null;
            for (int page = 0; page < 4; page++) {
                java.util.List<MessageView> rows = store.newest(alice.id(), null, word, java.util.List.of(word), after, 3);
                rows.forEach(m -> ids.add(m.serverMsgId().toString()));
                if (rows.size() < 3) {
                    break;
                }
                after = new SearchStore.Cursor(rows.getLast().sentAt(), rows.getLast().serverMsgId());
            }
            found.add(ids);
        }
        org.assertj.core.api.Assertions.assertThat(found.get(0)).hasSize(seqs.size()).doesNotHaveDuplicates();
        org.assertj.core.api.Assertions.assertThat(found.get(1)).containsExactlyElementsOf(found.get(0));
    }
}
