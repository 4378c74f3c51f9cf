package dev.parley.messaging;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.newId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.parley.conversations.Conversations;
import dev.parley.support.NodeContract;
import dev.parley.support.TestApi.Account;
import dev.parley.support.WsClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Edits, deletes, reactions and replies (docs/protocol.md), end to end over WebSocket with a real
 * broker, on each database back end: delivery to every session, authorization, idempotent retries,
 * history in the current state, and resume of the changes a client missed, from the log beyond the
 * archive and from the archive.
 */
abstract class ChangesContract extends NodeContract {

    record Sent(String serverMsgId, long seq) {
    }

    private Sent send(WsClient from, Account to, String content) {
        String id = newId();
        from.send(dm(id, to.username(), content));
        JsonNode ack = from.awaitData("message.ack", "clientMsgId", id).get("data");
        return new Sent(ack.get("serverMsgId").asString(), ack.get("seq").asLong());
    }

    /** Sends a change frame and returns its ack, or its error frame. */
    private static JsonNode change(WsClient client, String type, Map<String, Object> fields) {
        String id = (String) fields.getOrDefault("clientMsgId", newId());
        Map<String, Object> frame = new HashMap<>(fields);
        frame.put("type", type);
        frame.put("clientMsgId", id);
        client.send(frame);
        return client.await(f -> id.equals(f.path("data").path("clientMsgId").asString()) && f.path("type").asString().equals("message.ack")
                || id.equals(f.path("data").path("ref").asString()) && f.path("type").asString().equals("error"));
    }

    private List<JsonNode> history(Account user, String conversationId) {
        JsonNode body = api.get("/api/v1/conversations/" + conversationId + "/messages", user.token()).body();
        return List.copyOf(body.get("messages").valueStream().toList());
    }

    private static JsonNode byId(List<JsonNode> messages, String serverMsgId) {
        return messages.stream().filter(m -> m.get("serverMsgId").asString().equals(serverMsgId)).findFirst().orElseThrow();
    }

    @Test
    void anEditReachesEverySessionOnceAndHistoryShowsTheNewText() {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        WsClient a = connect(alice);
        WsClient b = connect(bob);
        Sent original = send(a, bob, "helo");
        String clientMsgId = newId();
        JsonNode ack = change(a, "message.edit", Map.of("clientMsgId", clientMsgId, "serverMsgId", original.serverMsgId(), "content", "hello"));
        assertThat(ack.get("type").asString()).isEqualTo("message.ack");
        long seq = ack.get("data").get("seq").asLong();
        assertThat(seq).isGreaterThan(original.seq());

        for (WsClient session : List.of(a, b)) {
            JsonNode update = session.awaitData("message.update", "serverMsgId", original.serverMsgId()).get("data");
            assertThat(update.get("content").asString()).isEqualTo("hello");
            assertThat(update.get("seq").asLong()).isEqualTo(seq);
            assertThat(update.hasNonNull("editedAt")).isTrue();
        }
        // A retry with the same clientMsgId gets the same ack and changes nothing again.
        JsonNode retried = change(a, "message.edit", Map.of("clientMsgId", clientMsgId, "serverMsgId", original.serverMsgId(), "content", "hello"));
        assertThat(retried.get("data").get("seq").asLong()).isEqualTo(seq);
        String marker = send(a, bob, "after the retry").serverMsgId();
        b.awaitData("message.create", "serverMsgId", marker);
        assertThat(b.frames("message.update")).hasSize(1);

        JsonNode shown = byId(history(bob, Conversations.direct(alice.id(), bob.id())), original.serverMsgId());
        assertThat(shown.get("content").asString()).isEqualTo("hello");
        assertThat(shown.hasNonNull("editedAt")).isTrue();
    }

    @Test
    void restTakesTheSameChangesAsTheWebSocket() {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        WsClient a = connect(alice);
        WsClient b = connect(bob);
        String id = send(a, bob, "via rest").serverMsgId();
        String path = "/api/v1/messages/" + id;

        var edited = api.call("PATCH", path, Map.of("clientMsgId", "rest-edit-1", "content", "via REST, edited"), alice.token(), Map.of());
        assertThat(edited.status()).isEqualTo(200);
        assertThat(api.call("PATCH", path, Map.of("clientMsgId", "rest-edit-1", "content", "via REST, edited"), alice.token(), Map.of())
                .body().get("seq").asLong()).isEqualTo(edited.body().get("seq").asLong());
        assertThat(b.awaitData("message.update", "serverMsgId", id).get("data").get("content").asString()).isEqualTo("via REST, edited");

        var reacted = api.call("PUT", path + "/reactions/%F0%9F%91%8D", null, bob.token(), Map.of());
        assertThat(reacted.status()).isEqualTo(200);
        assertThat(a.awaitData("reaction.update", "serverMsgId", id).get("data").get("emoji").asString()).isEqualTo("👍");

        var notMine = api.call("DELETE", path, null, bob.token(), Map.of("Idempotency-Key", "rest-del-1"));
        assertThat(notMine.status()).isEqualTo(403);
        assertThat(notMine.body().get("code").asString()).isEqualTo("not_author");
        var noKey = api.call("DELETE", path, null, alice.token(), Map.of());
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.body().get("field").asString()).isEqualTo("clientMsgId");
        assertThat(api.call("DELETE", path, null, alice.token(), Map.of("Idempotency-Key", "rest-del-1")).status()).isEqualTo(200);
        b.awaitData("message.delete", "serverMsgId", id);
    }

    @Test
    void onlyTheAuthorEditsOrDeletesAndOutsidersCannotFindTheMessage() {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        Account carol = api.register("carol");
        WsClient a = connect(alice);
        WsClient b = connect(bob);
        WsClient c = connect(carol);
        Sent original = send(a, bob, "mine");

        assertThat(code(change(b, "message.edit", Map.of("serverMsgId", original.serverMsgId(), "content", "yours")))).isEqualTo("not_author");
        assertThat(code(change(b, "message.delete", Map.of("serverMsgId", original.serverMsgId())))).isEqualTo("not_author");
        assertThat(code(change(c, "message.edit", Map.of("serverMsgId", original.serverMsgId(), "content", "x")))).isEqualTo("message_not_found");
        assertThat(code(change(c, "reaction.add", Map.of("serverMsgId", original.serverMsgId(), "emoji", "👍")))).isEqualTo("message_not_found");
        assertThat(code(change(a, "message.edit", Map.of("serverMsgId", java.util.UUID.randomUUID().toString(), "content", "x"))))
                .isEqualTo("message_not_found");
        JsonNode invalid = change(a, "message.edit", Map.of("serverMsgId", "not-an-id", "content", "x"));
        assertThat(code(invalid)).isEqualTo("invalid_field");
        assertThat(invalid.get("data").get("field").asString()).isEqualTo("serverMsgId");
        assertThat(code(change(a, "message.edit", Map.of("serverMsgId", original.serverMsgId(), "content", " ")))).isEqualTo("invalid_field");
        assertThat(code(change(b, "reaction.add", Map.of("serverMsgId", original.serverMsgId(), "emoji", "two words")))).isEqualTo("invalid_field");

        String marker = send(a, bob, "still mine").serverMsgId();
        b.awaitData("message.create", "serverMsgId", marker);
        assertThat(b.frames("message.update")).isEmpty();
        assertThat(b.frames("message.delete")).isEmpty();
        assertThat(byId(history(alice, Conversations.direct(alice.id(), bob.id())), original.serverMsgId()).get("content").asString())
                .isEqualTo("mine");
    }

    @Test
    void reactionsCountEachUserOncePerEmojiAndHistoryShowsThem() {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        WsClient a = connect(alice);
        WsClient b = connect(bob);
        Sent original = send(a, bob, "react to me");
        String id = original.serverMsgId();

        assertThat(reacted(a, b, "reaction.add", id, "👍")).isEqualTo(Map.of("👍", List.of(bob.username())));
        assertThat(reacted(a, a, "reaction.add", id, "👍")).isEqualTo(Map.of("👍", List.of(bob.username(), alice.username())));
        assertThat(reacted(a, b, "reaction.add", id, "👍")).as("a second add counts once").isEqualTo(Map.of("👍", List.of(bob.username(), alice.username())));
        assertThat(reacted(a, b, "reaction.add", id, "🎉")).isEqualTo(Map.of("👍", List.of(bob.username(), alice.username()), "🎉", List.of(bob.username())));
        assertThat(reacted(a, b, "reaction.remove", id, "👍")).isEqualTo(Map.of("👍", List.of(alice.username()), "🎉", List.of(bob.username())));

        JsonNode shown = byId(history(alice, Conversations.direct(alice.id(), bob.id())), id);
        assertThat(reactions(shown.get("reactions"))).isEqualTo(Map.of("👍", List.of(alice.username()), "🎉", List.of(bob.username())));
        assertThat(shown.get("reactions").get(0).get("count").asInt()).isEqualTo(1);
    }

    @Test
    void aReplyQuotesItsOriginalUntilTheOriginalIsDeleted() {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        Account carol = api.register("carol");
        WsClient a = connect(alice);
        WsClient b = connect(bob);
        Sent original = send(a, bob, "x".repeat(200));
        Sent elsewhere = send(a, carol, "another conversation");

        String replyId = newId();
        b.send(Map.of("type", "message.send", "clientMsgId", replyId, "to", alice.username(), "content", "answer", "replyTo", original.serverMsgId()));
        b.awaitData("message.ack", "clientMsgId", replyId);
        JsonNode reply = a.awaitData("message.create", "clientMsgId", replyId).get("data").get("replyTo");
        assertThat(reply.get("serverMsgId").asString()).isEqualTo(original.serverMsgId());
        assertThat(reply.get("fromUsername").asString()).isEqualTo(alice.username());
        assertThat(reply.get("quote").asString()).hasSize(Records.QUOTE_CHARS).endsWith("…");

        String wrong = newId();
        b.send(Map.of("type", "message.send", "clientMsgId", wrong, "to", alice.username(), "content", "?", "replyTo", elsewhere.serverMsgId()));
        assertThat(b.awaitData("error", "ref", wrong).get("data").get("code").asString()).isEqualTo("message_not_found");

        JsonNode deleted = change(a, "message.delete", Map.of("serverMsgId", original.serverMsgId()));
        assertThat(deleted.get("type").asString()).isEqualTo("message.ack");
        JsonNode tombstone = b.awaitData("message.delete", "serverMsgId", original.serverMsgId()).get("data");
        assertThat(tombstone.hasNonNull("deletedAt")).isTrue();
        a.awaitData("message.delete", "serverMsgId", original.serverMsgId());

        String dm = Conversations.direct(alice.id(), bob.id());
        List<JsonNode> shown = history(bob, dm);
        assertThat(byId(shown, original.serverMsgId()).get("content").asString()).isEmpty();
        assertThat(byId(shown, original.serverMsgId()).hasNonNull("deletedAt")).isTrue();
        assertThat(shown.stream().filter(m -> m.get("clientMsgId").asString().equals(replyId)).findFirst().orElseThrow()
                .get("replyTo").hasNonNull("quote")).isFalse();
        assertThat(code(change(a, "message.edit", Map.of("serverMsgId", original.serverMsgId(), "content", "back")))).isEqualTo("message_deleted");
        assertThat(code(change(b, "reaction.add", Map.of("serverMsgId", original.serverMsgId(), "emoji", "👍")))).isEqualTo("message_deleted");
        String late = newId();
        b.send(Map.of("type", "message.send", "clientMsgId", late, "to", alice.username(), "content", "?", "replyTo", original.serverMsgId()));
        assertThat(b.awaitData("error", "ref", late).get("data").get("code").asString()).isEqualTo("message_deleted");

        // Once archived, the archive holds the tombstone: no text, and no quote of it in the reply.
        JdbcTemplate jdbc = node().bean(JdbcTemplate.class);
        Awaitility.await().untilAsserted(() -> assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM messages WHERE server_msg_id = ?"
                + " AND deleted_at IS NOT NULL AND content = ''", Integer.class, java.util.UUID.fromString(original.serverMsgId()))).isEqualTo(1));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM messages WHERE reply_to = ? AND reply_quote IS NOT NULL", Integer.class,
                java.util.UUID.fromString(original.serverMsgId()))).isZero();
    }

    @Test
    void aResumingClientGetsTheChangesItMissedFromTheLogAndFromTheArchive() {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        WsClient a = connect(alice);
        String dm = Conversations.direct(alice.id(), bob.id());
        Sent edited = send(a, bob, "first");
        Sent reacted = send(a, bob, "second");
        Sent deleted = send(a, bob, "third");
        long bobHasUpTo = deleted.seq();

        change(a, "message.edit", Map.of("serverMsgId", edited.serverMsgId(), "content", "first, edited"));
        change(a, "reaction.add", Map.of("serverMsgId", reacted.serverMsgId(), "emoji", "👀"));
        change(a, "message.edit", Map.of("serverMsgId", deleted.serverMsgId(), "content", "third, edited"));
        long lastChange = change(a, "message.delete", Map.of("serverMsgId", deleted.serverMsgId())).get("data").get("seq").asLong();

        assertMissedChanges(resume(bob, dm, bobHasUpTo), edited, reacted, deleted, lastChange, alice);

        // The archive commits its rows and its position together: once it has the four changes, resume reads them from it.
        JdbcTemplate jdbc = node().bean(JdbcTemplate.class);
        Awaitility.await().untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT COUNT(*) FROM message_changes WHERE conversation_id = ?", Integer.class, dm)).isEqualTo(4));
        WsClient b = resume(bob, dm, bobHasUpTo);
        assertMissedChanges(b, edited, reacted, deleted, lastChange, alice);

        // A client's position may be a change's seq: it can mark the conversation read up to it.
        b.send(Map.of("type", "read", "conversationId", dm, "seq", lastChange));
        a.await(f -> f.path("type").asString().equals("receipt") && f.path("data").path("seq").asLong() == lastChange);
        assertThat(b.frames("error")).isEmpty();
    }

    private WsClient resume(Account user, String conversationId, long position) {
        WsClient client = track(WsClient.connectResuming(api.port(), user.token()));
        client.send(Map.of("type", "resume", "positions", Map.of(conversationId, position)));
        client.awaitType("resume.done");
        return client;
    }

    /** In seq order: the edit, the reaction, and the deleted message's delete (its edit left out: the delete replaces it). */
    private static void assertMissedChanges(WsClient b, Sent edited, Sent reacted, Sent deleted, long lastChange, Account alice) {
        List<JsonNode> events = b.frames().stream().filter(f -> f.path("data").has("seq")).toList();
        assertThat(events).extracting(f -> f.get("type").asString())
                .containsExactly("message.update", "reaction.update", "message.delete");
        assertThat(events.get(0).get("data").get("serverMsgId").asString()).isEqualTo(edited.serverMsgId());
        assertThat(events.get(0).get("data").get("content").asString()).isEqualTo("first, edited");
        assertThat(reactions(events.get(1).get("data").get("reactions"))).isEqualTo(Map.of("👀", List.of(alice.username())));
        assertThat(events.get(1).get("data").get("serverMsgId").asString()).isEqualTo(reacted.serverMsgId());
        assertThat(events.get(2).get("data").get("serverMsgId").asString()).isEqualTo(deleted.serverMsgId());
        assertThat(events.get(2).get("data").get("seq").asLong()).isEqualTo(lastChange);
        assertThat(b.frames().toString()).doesNotContain("third, edited");
    }

    /** The sender reacts; {@code observer} sees the reaction.update; returns its reactions as emoji -> usernames. */
    private static Map<String, List<String>> reacted(WsClient observer, WsClient actor, String type, String serverMsgId, String emoji) {
        JsonNode ack = change(actor, type, Map.of("serverMsgId", serverMsgId, "emoji", emoji));
        assertThat(ack.get("type").asString()).isEqualTo("message.ack");
        long seq = ack.get("data").get("seq").asLong();
        JsonNode update = observer.await(f -> f.path("type").asString().equals("reaction.update") && f.path("data").path("seq").asLong() == seq);
        assertThat(update.get("data").get("emoji").asString()).isEqualTo(emoji);
        assertThat(update.get("data").get("added").asBoolean()).isEqualTo(type.equals("reaction.add"));
        return reactions(update.get("data").get("reactions"));
    }

    private static Map<String, List<String>> reactions(JsonNode list) {
        Map<String, List<String>> byEmoji = new java.util.LinkedHashMap<>();
        for (JsonNode r : list) {
            assertThat(r.get("count").asInt()).isEqualTo(r.get("users").size());
            byEmoji.put(r.get("emoji").asString(), r.get("users").valueStream().map(u -> u.get("username").asString()).toList());
        }
        return byEmoji;
    }

    private static String code(JsonNode frame) {
        assertThat(frame.get("type").asString()).as(frame.toString()).isEqualTo("error");
        return frame.get("data").get("code").asString();
    }
}
