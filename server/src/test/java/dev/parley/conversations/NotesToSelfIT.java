package dev.parley.conversations;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.newId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import dev.parley.support.NodeContract;
import dev.parley.support.ParleyNode;
import dev.parley.support.SharedNode;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.WsClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A direct message to yourself (issue 12, hostile clients: {@code Set.of(me, me)} used to throw)
 * is a notes conversation: everything a direct conversation offers works, and nothing answers 500.
 */
class NotesToSelfIT extends NodeContract {

    @Override
    protected ParleyNode node() {
        return SharedNode.get();
    }

    @Test
    void aMessageToYourselfIsANotesConversationThatWorksLikeAnyOther() {
        Account alice = api.register("alice");
        WsClient sending = connect(alice);
        WsClient other = connect(alice);
        String notes = Conversations.direct(alice.id(), alice.id());

        String first = newId();
        sending.send(dm(first, alice.username(), "remember the milk"));
        JsonNode ack = sending.awaitData("message.ack", "clientMsgId", first).get("data");
        assertThat(ack.get("conversationId").asString()).isEqualTo(notes);
        other.awaitData("message.create", "clientMsgId", first);

        // By user id over REST: no sending session, so both sessions get it.
        String second = newId();
        TestApi.Response rest = api.post("/api/v1/messages", Map.of("clientMsgId", second, "to", alice.id().toString(), "content", "and eggs"),
                alice.token());
        assertThat(rest.status()).isEqualTo(202);
        assertThat(rest.body().get("conversationId").asString()).isEqualTo(notes);
        long lastSeq = rest.body().get("seq").asLong();
        sending.awaitData("message.create", "clientMsgId", second);
        other.awaitData("message.create", "clientMsgId", second);
        // Same conversation, same partition: a second copy of the first would have come before the second.
        assertThat(other.frames("message.create")).extracting(f -> f.get("data").get("clientMsgId").asString()).containsExactly(first, second);
        assertThat(sending.frames("message.create")).extracting(f -> f.get("data").get("clientMsgId").asString()).containsExactly(second);

        // The list is read from the archive, which may lag live delivery by a batch.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/conversations", alice.token()).body()
                .get("conversations").path(0).path("lastMessage").path("seq").asLong(-1) == lastSeq);
        JsonNode entry = api.get("/api/v1/conversations", alice.token()).body().get("conversations").get(0);
        assertThat(entry.get("conversationId").asString()).isEqualTo(notes);
        assertThat(entry.get("kind").asString()).isEqualTo("dm");
        assertThat(entry.get("peer").get("userId").asString()).isEqualTo(alice.id().toString());
        assertThat(entry.get("unread").asLong()).as("your own notes are never unread").isZero();

        TestApi.Response history = api.get("/api/v1/conversations/" + notes + "/messages", alice.token());
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.body().get("messages")).extracting(m -> m.get("clientMsgId").asString()).containsExactly(first, second);
        sending.send(Map.of("type", "history.get", "requestId", "h1", "conversationId", notes));
        assertThat(sending.awaitData("history", "requestId", "h1").get("data").get("messages")).hasSize(2);

        WsClient resumed = track(WsClient.connectResuming(api.port(), alice.token()));
        resumed.send(Map.of("type", "resume", "positions", Map.of()));
        assertThat(resumed.awaitType("resume.done").get("data").get("messages").asInt()).isEqualTo(2);
        assertThat(resumed.seqs(notes)).containsExactly(ack.get("seq").asLong(), lastSeq);

        sending.send(Map.of("type", "read", "conversationId", notes, "seq", lastSeq));
        assertThat(other.awaitType("receipt").get("data").get("seq").asLong()).isEqualTo(lastSeq);
        sending.send(Map.of("type", "typing", "conversationId", notes));
        sending.send(Map.of("type", "ping"));
        sending.awaitType("pong"); // frames of a connection are handled in order: read and typing were answered by now
        assertThat(sending.frames("error")).isEmpty();
        assertThat(other.frames("typing")).as("typing goes to the other participants: there are none").isEmpty();
        assertThat(api.get("/api/v1/conversations", alice.token()).body().get("conversations").get(0).get("readSeq").asLong())
                .isEqualTo(lastSeq);
    }
}
