package dev.parley.conversations;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.toRoom;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.parley.support.NodeContract;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.WsClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** GET /api/v1/search on each database back end: full-text search on PostgreSQL, LIKE on H2 (docs/architecture.md). */
abstract class SearchContract extends NodeContract {

    @Test
    void searchFindsEveryWordOnlyInTheCallersConversationsNewestFirstInPages() {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        Account carol = api.register("carol");
        // A word no other test writes, so that the shared node's other messages cannot match.
        String word = "zq" + Long.toString(System.nanoTime(), 36);
        WsClient a = connect(alice);
        WsClient b = connect(bob);
        WsClient c = connect(carol);
        String shared = TestApi.uniqueName("shared");
        String left = TestApi.uniqueName("left");
        String carols = TestApi.uniqueName("carols");
        String sharedId = HistoryContract.join(a, shared);
        HistoryContract.join(b, shared);
        HistoryContract.join(a, left);
        HistoryContract.join(c, carols);

        List<Long> n = new ArrayList<>(List.of(0L));
        HistoryContract.send(a, 5, id -> dm(id, bob.username(), "Direct " + word + " number " + n.set(0, n.get(0) + 1)));
        HistoryContract.send(b, 3, id -> toRoom(id, shared, "in the room, " + word.toUpperCase() + "!"));
        HistoryContract.send(a, 1, id -> dm(id, bob.username(), "no match here"));
        // Elsewhere: a room alice left, a room she never joined, a direct conversation she is not in.
        HistoryContract.send(a, 1, id -> toRoom(id, left, "before leaving " + word));
        a.send(Map.of("type", "room.leave", "room", left));
        a.awaitData("room.left", "room", left);
        HistoryContract.send(c, 1, id -> toRoom(id, carols, "carol's " + word));
        HistoryContract.send(b, 1, id -> dm(id, carol.username(), "bob to carol " + word));

        // Searchable once archived: all eleven with the word, whatever partition their conversation maps to.
        JdbcClient sql = node().bean(JdbcClient.class);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> sql.sql("SELECT COUNT(*) FROM messages WHERE LOWER(content) LIKE ?")
                .param("%" + word + "%").query(Long.class).single() == 11);
        assertThat(list(search(carol, word, ""))).hasSize(2);
        JsonNode all = search(alice, word, "&limit=100");
        List<JsonNode> found = list(all);
        assertThat(found).hasSize(8);
        assertThat(found).allSatisfy(m -> assertThat(m.get("content").asString().toLowerCase()).contains(word));
        assertThat(found).extracting(m -> m.get("conversationId").asString())
                .containsOnly(Conversations.direct(alice.id(), bob.id()), sharedId);
        assertThat(found).extracting(m -> Instant.parse(m.get("sentAt").asString())).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(all.get("nextCursor").isNull()).isTrue();
        // Every word must appear, in any case.
        assertThat(list(search(alice, "number " + word.toUpperCase(), ""))).hasSize(5);
        assertThat(list(search(alice, word + " absentword", ""))).isEmpty();

        // Pages of 3: the same messages in the same order, without duplicates or gaps.
        List<JsonNode> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = search(alice, word, "&limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            paged.addAll(list(page));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(ids(paged)).containsExactlyElementsOf(ids(found));

        // One conversation, with the history's access check.
        assertThat(list(search(alice, word, "&conversationId=" + sharedId))).hasSize(3)
                .allSatisfy(m -> assertThat(m.get("conversationId").asString()).isEqualTo(sharedId));
        TestApi.Response outsider = api.get("/api/v1/search?q=" + word + "&conversationId=" + Conversations.direct(bob.id(), carol.id()), alice.token());
        assertThat(outsider.status()).isEqualTo(403);
        assertThat(outsider.body().get("code").asString()).isEqualTo("not_a_participant");
        assertThat(api.get("/api/v1/search?q=" + word + "&conversationId=room:" + carols, alice.token()).body().get("code").asString())
                .isEqualTo("not_a_member");

        // A deleted message never matches (its tombstone keeps no content; here its content stays, to test the filter itself).
        UUID deleted = UUID.fromString(found.getFirst().get("serverMsgId").asString());
        sql.sql("UPDATE messages SET deleted_at = CURRENT_TIMESTAMP WHERE server_msg_id = ?").param(deleted).update();
        assertThat(ids(list(search(alice, word, "&limit=100")))).hasSize(7).doesNotContain(deleted.toString());
    }

    @Test
    void badQueriesGet400AndStrangersGet401() {
        Account alice = api.register("alice");
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("", "q");
        bad.put("?q=", "q");
        bad.put("?q=%20%20", "q");
        bad.put("?q=" + encode("!!! ..."), "q");
        bad.put("?q=" + "a".repeat(Search.MAX_QUERY_LENGTH + 1), "q");
        bad.put("?q=" + encode("a b c d e f g h i j k l m n o p q"), "q");
        bad.put("?q=" + encode("tab\there"), "q");
        bad.put("?q=hello&limit=0", "limit");
        bad.put("?q=hello&limit=ten", "limit");
        bad.put("?q=hello&cursor=garbage!", "cursor");
        bad.put("?q=hello&cursor=" + encode(java.util.Base64.getUrlEncoder().encodeToString("1:2:not-a-uuid".getBytes())), "cursor");
        bad.put("?q=hello&conversationId=nonsense", "conversationId");
        bad.forEach((query, field) -> {
            TestApi.Response response = api.get("/api/v1/search" + query, alice.token());
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.body().get("code").asString()).as(query).isEqualTo("invalid_field");
            assertThat(response.body().get("field").asString()).as(query).isEqualTo(field);
        });
        assertThat(api.get("/api/v1/search?q=hello&limit=100000", alice.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/search?q=hello", null).status()).isEqualTo(401);
    }

    private JsonNode search(Account who, String q, String rest) {
        TestApi.Response response = api.get("/api/v1/search?q=" + encode(q) + rest, who.token());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.body();
    }

    private static List<JsonNode> list(JsonNode page) {
        List<JsonNode> messages = new ArrayList<>();
        page.get("messages").forEach(messages::add);
        return messages;
    }

    private static List<String> ids(List<JsonNode> messages) {
        return messages.stream().map(m -> m.get("serverMsgId").asString()).toList();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
