package dev.parley.conversations;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.newId;
import static dev.parley.support.Frames.toRoom;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.parley.support.NodeContract;
import dev.parley.support.ParleyNode;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.WsClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** History, offline delivery, resume, read positions and receipts, on each database back end. */
abstract class HistoryContract extends NodeContract {

    /** Sends n messages and returns their acks' seqs in order. */
    static List<Long> send(WsClient sender, int n, java.util.function.Function<String, Map<String, Object>> frame) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = newId();
            ids.add(id);
            sender.send(frame.apply(id));
        }
        return ids.stream().map(id -> sender.awaitData("message.ack", "clientMsgId", id).get("data").get("seq").asLong()).toList();
    }

    static String join(WsClient client, String room) {
        client.send(Map.of("type", "room.join", "room", room));
        return client.awaitData("room.joined", "room", room).get("data").get("conversationId").asString();
    }

    @Test
    void anOfflineRecipientGetsEverythingItMissedInOrderOnResume() {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        String room = TestApi.uniqueName("room");
        WsClient a = connect(alice);
        String roomId = join(a, room);
        try (WsClient bobBefore = WsClient.connect(api.port(), bob.token())) {
            join(bobBefore, room);
        }
        String dmId = Conversations.direct(alice.id(), bob.id());
        int[] n = {0};
        List<Long> dmSeqs = send(a, 20, id -> dm(id, bob.username(), "dm " + n[0]++));
        List<Long> roomSeqs = send(a, 20, id -> toRoom(id, room, "room message"));

        WsClient b = track(WsClient.connectResuming(api.port(), bob.token()));
        b.send(Map.of("type", "resume", "positions", Map.of()));
        JsonNode done = b.awaitType("resume.done").get("data");
        assertThat(done.get("messages").asInt()).isEqualTo(40);
        assertThat(b.seqs(dmId)).containsExactlyElementsOf(dmSeqs);
        assertThat(b.seqs(roomId)).containsExactlyElementsOf(roomSeqs);
        assertThat(b.frames("message.create").stream().filter(f -> f.get("data").get("conversationId").asString().equals(dmId))
                .map(f -> f.get("data").get("content").asString()).toList().getLast()).isEqualTo("dm 19");

        String live = newId();
        a.send(dm(live, bob.username(), "live again"));
        b.awaitData("message.create", "clientMsgId", live);
        assertThat(b.seqs(dmId)).hasSize(21).doesNotHaveDuplicates().isSorted();

        // Another device that has the first ten direct messages gets only the rest.
        WsClient other = track(WsClient.connectResuming(api.port(), bob.token()));
        other.send(Map.of("type", "resume", "positions", Map.of(dmId, dmSeqs.get(9), roomId, roomSeqs.getLast())));
        other.awaitType("resume.done");
        assertThat(other.seqs(dmId)).hasSize(11).startsWith(dmSeqs.get(10)).isSorted();
        assertThat(other.seqs(roomId)).isEmpty();
    }

    @Test
    void historyPagesBackwardsAndForwards() {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        WsClient a = connect(alice);
        List<Long> seqs = send(a, 25, id -> dm(id, bob.username(), "m"));
        String conversation = Conversations.direct(alice.id(), bob.id());
        String path = "/api/v1/conversations/" + conversation + "/messages";

        JsonNode newest = api.get(path + "?limit=10", bob.token()).body();
        assertThat(seqsOf(newest)).containsExactlyElementsOf(seqs.subList(15, 25));
        assertThat(newest.get("newerAfter").isNull()).isTrue();
        JsonNode middle = api.get(path + "?limit=10&before=" + newest.get("olderBefore").asLong(), bob.token()).body();
        assertThat(seqsOf(middle)).containsExactlyElementsOf(seqs.subList(5, 15));
        JsonNode oldest = api.get(path + "?limit=10&before=" + middle.get("olderBefore").asLong(), bob.token()).body();
        assertThat(seqsOf(oldest)).containsExactlyElementsOf(seqs.subList(0, 5));
        assertThat(oldest.get("olderBefore").isNull()).isTrue();

        JsonNode first = api.get(path + "?limit=10&after=-1", alice.token()).body();
        assertThat(seqsOf(first)).containsExactlyElementsOf(seqs.subList(0, 10));
        JsonNode next = api.get(path + "?limit=10&after=" + first.get("newerAfter").asLong(), alice.token()).body();
        assertThat(seqsOf(next)).containsExactlyElementsOf(seqs.subList(10, 20));
        JsonNode between = api.get(path + "?after=" + seqs.get(2) + "&before=" + seqs.get(6), alice.token()).body();
        assertThat(seqsOf(between)).containsExactlyElementsOf(seqs.subList(3, 6));

        a.send(Map.of("type", "history.get", "requestId", "r1", "conversationId", conversation, "before", seqs.get(20), "limit", 3));
        JsonNode viaSocket = a.awaitData("history", "requestId", "r1").get("data");
        assertThat(seqsOf(viaSocket)).containsExactlyElementsOf(seqs.subList(17, 20));
        assertThat(viaSocket.get("messages").get(0).get("toUsername").asString()).isEqualTo(bob.username());
    }

    @Test
    void onlyParticipantsAndMembersReadHistoryAndBadQueriesGet400() {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        Account mallory = api.register("mallory");
        String room = TestApi.uniqueName("room");
        WsClient a = connect(alice);
        String roomId = join(a, room);
        send(a, 1, id -> dm(id, bob.username(), "private"));
        String dmId = Conversations.direct(alice.id(), bob.id());

        assertThat(api.get("/api/v1/conversations/" + dmId + "/messages", mallory.token()).body().get("code").asString())
                .isEqualTo("not_a_participant");
        assertThat(api.get("/api/v1/conversations/" + roomId + "/messages", mallory.token()).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/conversations/" + dmId + "/messages", null).status()).isEqualTo(401);
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("/api/v1/conversations/nonsense/messages", "conversationId");
        bad.put("/api/v1/conversations/" + dmId + "/messages?before=abc", "before");
        bad.put("/api/v1/conversations/" + dmId + "/messages?limit=0", "limit");
        bad.put("/api/v1/conversations/" + dmId + "/messages?after=5&before=3", "after");
        bad.put("/api/v1/conversations/" + dmId + "/messages?before=-4", "before");
        bad.put("/api/v1/conversations?cursor=garbage!", "cursor");
        bad.forEach((path, field) -> {
            TestApi.Response response = api.get(path, bob.token());
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.body().get("field").asString()).as(path).isEqualTo(field);
        });
        assertThat(api.get("/api/v1/conversations/" + dmId + "/messages?limit=100000", bob.token()).status()).isEqualTo(200);

        WsClient m = connect(mallory);
        m.send(Map.of("type", "history.get", "requestId", "peek", "conversationId", dmId));
        assertThat(m.awaitData("error", "ref", "peek").get("data").get("code").asString()).isEqualTo("not_a_participant");
        assertThat(api.get("/api/v1/conversations", mallory.token()).body().get("conversations")).isEmpty();
    }

    @Test
    void unreadCountsReadReceiptsAndTypingAcrossDevices() {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        WsClient a = connect(alice);
        WsClient b1 = connect(bob);
        WsClient b2 = connect(bob);
        List<Long> seqs = send(a, 3, id -> dm(id, bob.username(), "hello"));
        String dmId = Conversations.direct(alice.id(), bob.id());
        b2.await(f -> "message.create".equals(f.path("type").asString()) && f.get("data").get("seq").asLong() == seqs.get(2));

        // The list is read from the archive, which may lag live delivery by a batch.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/conversations", bob.token()).body()
                .get("conversations").path(0).path("lastMessage").path("seq").asLong(-1) == seqs.get(2));
        JsonNode entry = api.get("/api/v1/conversations", bob.token()).body().get("conversations").get(0);
        assertThat(entry.get("conversationId").asString()).isEqualTo(dmId);
        assertThat(entry.get("kind").asString()).isEqualTo("dm");
        assertThat(entry.get("peer").get("username").asString()).isEqualTo(alice.username());
        assertThat(entry.get("unread").asLong()).isEqualTo(3);
        assertThat(entry.get("lastMessage").get("seq").asLong()).isEqualTo(seqs.get(2));

        b1.send(Map.of("type", "read", "conversationId", dmId, "seq", seqs.get(1)));
        JsonNode receipt = a.awaitType("receipt").get("data");
        assertThat(receipt.get("userId").asString()).isEqualTo(bob.id().toString());
        assertThat(receipt.get("seq").asLong()).isEqualTo(seqs.get(1));
        assertThat(b2.awaitType("receipt").get("data").get("seq").asLong()).isEqualTo(seqs.get(1));
        assertThat(api.get("/api/v1/conversations", bob.token()).body().get("conversations").get(0).get("unread").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/conversations", alice.token()).body().get("conversations").get(0).get("peerReadSeq").asLong())
                .isEqualTo(seqs.get(1));

        // Positions only move forward: reading an older seq changes nothing and tells no one.
        b1.send(Map.of("type", "read", "conversationId", dmId, "seq", seqs.get(0)));
        b1.send(Map.of("type", "read", "conversationId", dmId, "seq", seqs.get(2)));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> a.frames("receipt").size() == 2);
        assertThat(a.frames("receipt")).extracting(f -> f.get("data").get("seq").asLong()).containsExactly(seqs.get(1), seqs.get(2));
        b1.send(Map.of("type", "read", "conversationId", dmId, "seq", seqs.get(2) + 1000));
        assertThat(b1.awaitType("error").get("data").get("field").asString()).isEqualTo("seq");

        a.send(Map.of("type", "typing", "conversationId", dmId));
        // The typing event reaches b1 the way a receipt would, after any receipt sent before it: by now
        // b1 would have one, had the session that sent read been told of its own reads.
        assertThat(b1.awaitType("typing").get("data").get("username").asString()).isEqualTo(alice.username());
        assertThat(b1.frames("receipt")).isEmpty();
        b2.awaitType("typing");
        for (int i = 0; i < 8; i++) {
            a.send(Map.of("type", "typing", "conversationId", dmId));
        }
        assertThat(a.awaitType("error").get("data").get("code").asString()).isEqualTo("rate_limited");
        // Bob's typing is the marker: it reaches a after anything a's own typing could have sent it.
        b1.send(Map.of("type", "typing", "conversationId", dmId));
        a.awaitType("typing");
        assertThat(a.frames("typing")).extracting(f -> f.get("data").get("username").asString()).containsExactly(bob.username());
    }

    @Test
    void conversationsAreListedNewestFirstAndPaged() {
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        Account carol = api.register("carol");
        WsClient a = connect(alice);
        String room = TestApi.uniqueName("room");
        String roomId = join(a, room);
        send(a, 1, id -> dm(id, bob.username(), "to bob"));
        send(a, 1, id -> dm(id, carol.username(), "to carol"));

        // The list is read from the archive, which may lag live delivery by a batch.
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                api.get("/api/v1/conversations", alice.token()).body().get("conversations")).extracting(c -> c.get("conversationId").asString())
                .containsExactly(Conversations.direct(alice.id(), carol.id()), Conversations.direct(alice.id(), bob.id()), roomId));
        JsonNode all = api.get("/api/v1/conversations", alice.token()).body();
        assertThat(all.get("nextCursor").isNull()).isTrue();
        JsonNode first = api.get("/api/v1/conversations?limit=2", alice.token()).body();
        assertThat(first.get("conversations")).hasSize(2);
        JsonNode rest = api.get("/api/v1/conversations?limit=2&cursor=" + first.get("nextCursor").asString(), alice.token()).body();
        assertThat(rest.get("conversations")).extracting(c -> c.get("conversationId").asString()).containsExactly(roomId);
        assertThat(rest.get("conversations").get(0).get("lastMessage").isNull()).isTrue();
    }

    static List<Long> seqsOf(JsonNode page) {
        List<Long> seqs = new ArrayList<>();
        page.get("messages").forEach(m -> seqs.add(m.get("seq").asLong()));
        return seqs;
    }
}
