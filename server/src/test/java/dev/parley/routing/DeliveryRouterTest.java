package dev.parley.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.parley.log.LogPosition;
import dev.parley.log.LogRecord;
import dev.parley.log.LoggedMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class DeliveryRouterTest {

    private final UUID alice = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final AtomicInteger serialized = new AtomicInteger();
    private final JsonMapper json = new JsonMapper() {
        @Override
        public byte[] writeValueAsBytes(Object value) {
            serialized.incrementAndGet();
            return super.writeValueAsBytes(value);
        }
    };

    /** Sessions of this node: who is online, and what was delivered to whom. */
    private static final class FakeSessions implements Sessions {
        final Set<UUID> online = new HashSet<>();
        final List<String> delivered = new ArrayList<>();

        @Override
        public void deliver(Collection<UUID> users, Delivery delivery, String exceptSession) {
            users.stream().filter(online::contains)
                    .forEach(user -> delivered.add(user + " " + exceptSession + " " + new String(delivery.frame(), StandardCharsets.UTF_8)));
        }

        @Override
        public boolean holdsAny(Collection<UUID> users) {
            return users.stream().anyMatch(online::contains);
        }
    }

    private static NodeLookup oneNode() {
        return new NodeLookup(Directory.SINGLE_NODE, java.time.Duration.ZERO, System::nanoTime);
    }

    /** Another node's forwards and broadcasts, as text: target, users, excepted session, frame. */
    private static final class RecordingForwarder implements Forwarder {
        final List<String> forwarded = new ArrayList<>();

        @Override
        public void forward(String node, Collection<UUID> users, Delivery delivery, String exceptSession) {
            forwarded.add(node + " " + users + " " + exceptSession + " " + new String(delivery.frame(), StandardCharsets.UTF_8));
        }

        @Override
        public void broadcast(Collection<UUID> users, Delivery delivery, String exceptSession) {
            forward("*", new java.util.TreeSet<>(users), delivery, exceptSession);
        }
    }

    /** A cluster's registry that answers with {@code answer}, or fails while {@code down}. */
    private static final class FakeRegistry implements Directory {
        final List<String> lookups = new ArrayList<>();
        java.util.Map<String, Set<UUID>> answer = java.util.Map.of();
        boolean down;

        public boolean clustered() {
            return true;
        }

        public java.util.Map<String, Set<UUID>> elsewhere(Collection<UUID> users) {
            lookups.add(users.toString());
            if (down) {
                throw new DirectoryUnavailableException("Redis is down", null);
            }
            return answer;
        }

        public reactor.core.publisher.Mono<java.util.Map<String, Set<UUID>>> elsewhereLater(Collection<UUID> users) {
            throw new UnsupportedOperationException();
        }

        public reactor.core.publisher.Mono<Void> opened(UUID user) {
            return reactor.core.publisher.Mono.empty();
        }

        public void closed(UUID user) {
        }
    }

    private LoggedMessage directMessage(String content) {
        LogRecord record = new LogRecord(LogRecord.VERSION, UUID.randomUUID(), "c-1", "dm:a:b", alice, "alice", bob, "bob", null,
                content, null, Instant.now(), "alice-session");
        return new LoggedMessage(record, new LogPosition(0, 42));
    }

    @Test
    void nobodyOnlineHereMeansNothingIsSerializedOrDelivered() {
        FakeSessions sessions = new FakeSessions();
        sessions.online.add(UUID.randomUUID()); // someone else
        new DeliveryRouter(sessions, null, oneNode(), Forwarder.NONE, json, dev.parley.tracing.MessageTracing.OFF).route(List.of(directMessage("hello")));
        assertThat(serialized).hasValue(0);
        assertThat(sessions.delivered).isEmpty();
    }

    @Test
    void eitherParticipantOnlineGetsTheEventSerializedOnce() {
        FakeSessions sessions = new FakeSessions();
        sessions.online.add(alice); // only the sender: her other sessions get the copy, the sending one the ack
        DeliveryRouter router = new DeliveryRouter(sessions, null, oneNode(), Forwarder.NONE, json, dev.parley.tracing.MessageTracing.OFF);
        router.route(List.of(directMessage("to my other tabs")));
        assertThat(serialized).hasValue(1);
        assertThat(sessions.delivered).singleElement().asString()
                .startsWith(alice + " alice-session ").contains("message.create").contains("to my other tabs");

        sessions.online.add(bob);
        router.route(List.of(directMessage("both")));
        assertThat(serialized).as("once per message, however many sessions").hasValue(2);
        assertThat(sessions.delivered).hasSize(3);
    }

    @Test
    void aNoteToSelfGoesOnceToEachOtherSessionOfTheSender() {
        FakeSessions sessions = new FakeSessions();
        sessions.online.add(alice);
        LogRecord note = new LogRecord(LogRecord.VERSION, UUID.randomUUID(), "c-2", "dm:a:a", alice, "alice", alice, "alice", null,
                "remember the milk", null, Instant.now(), "alice-session");
        new DeliveryRouter(sessions, null, oneNode(), Forwarder.NONE, json, dev.parley.tracing.MessageTracing.OFF)
                .route(List.of(new LoggedMessage(note, new LogPosition(0, 7))));
        assertThat(sessions.delivered).singleElement().asString()
                .startsWith(alice + " alice-session ").contains("remember the milk");
    }

    @Test
    void inAClusterEachNodeHoldingARecipientGetsOneForwardOfTheSameBytesAndTheRegistryIsAskedOncePerBatch() {
        FakeSessions sessions = new FakeSessions();
        sessions.online.add(alice);
        FakeRegistry registry = new FakeRegistry();
        registry.answer = java.util.Map.of("node-2", Set.of(bob), "node-3", Set.of(UUID.randomUUID()));
        RecordingForwarder forwarder = new RecordingForwarder();
        DeliveryRouter router = new DeliveryRouter(sessions, null, new NodeLookup(registry, java.time.Duration.ZERO, System::nanoTime),
                forwarder, json, dev.parley.tracing.MessageTracing.OFF);

        router.route(List.of(directMessage("one"), directMessage("two")));

        assertThat(registry.lookups).as("one lookup for the whole batch").hasSize(1);
        assertThat(serialized).as("once per message, for here and every other node").hasValue(2);
        assertThat(forwarder.forwarded).as("node-3 holds no recipient").hasSize(2)
                .allSatisfy(f -> assertThat(f).startsWith("node-2 [" + bob + "] alice-session "));
        assertThat(forwarder.forwarded.get(0)).contains("\"one\"");
        assertThat(sessions.delivered).hasSize(2);
    }

    @Test
    void whileTheRegistryIsDownEveryMessageGoesToEveryNodeOnceAndRoutingByItResumesAfterTheGrace() {
        FakeSessions sessions = new FakeSessions();
        sessions.online.add(alice);
        FakeRegistry registry = new FakeRegistry();
        registry.answer = java.util.Map.of("node-2", Set.of(bob));
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        NodeLookup lookup = new NodeLookup(registry, java.time.Duration.ofSeconds(5), now::get);
        RecordingForwarder forwarder = new RecordingForwarder();
        DeliveryRouter router = new DeliveryRouter(sessions, null, lookup, forwarder, json, dev.parley.tracing.MessageTracing.OFF);
        java.util.Set<UUID> both = new java.util.TreeSet<>(List.of(alice, bob));

        registry.down = true;
        router.route(List.of(directMessage("one"), directMessage("two")));
        assertThat(forwarder.forwarded).hasSize(2).allSatisfy(f -> assertThat(f).startsWith("* " + both + " alice-session "));
        assertThat(sessions.delivered).as("this node's sessions get it directly").hasSize(2);
        assertThat(lookup.broadcasting()).isTrue();

        router.route(List.of(directMessage("three")));
        assertThat(registry.lookups).as("not asked again within a second of failing").hasSize(1);

        registry.down = false;
        now.addAndGet(java.time.Duration.ofSeconds(2).toNanos());
        router.route(List.of(directMessage("four")));
        assertThat(registry.lookups).hasSize(2);
        assertThat(forwarder.forwarded.getLast()).as("back, but nodes may not have registered again yet").startsWith("* ");

        now.addAndGet(java.time.Duration.ofSeconds(4).toNanos());
        router.route(List.of(directMessage("five")));
        assertThat(forwarder.forwarded.getLast()).startsWith("node-2 [" + bob + "] ").contains("five");
        assertThat(lookup.broadcasting()).isFalse();
        assertThat(forwarder.forwarded).hasSize(5);
    }

    private LoggedMessage reaction(UUID target, UUID who, String name, boolean added, List<dev.parley.log.Reaction> carried, long offset) {
        LogRecord record = new LogRecord(LogRecord.VERSION, UUID.randomUUID(), null, "dm:a:b", who, name, who.equals(alice) ? bob : alice,
                null, null, null, null, Instant.now(), name + "-session", LogRecord.REACTION, target, "👍", added, null, null, null, carried);
        return new LoggedMessage(record, new LogPosition(0, offset));
    }

    @Test
    void aChangeReachesTheSessionThatMadeItTooAndCarriesItsOwnSeq() {
        FakeSessions sessions = new FakeSessions();
        sessions.online.add(alice);
        UUID target = UUID.randomUUID();
        LogRecord edit = new LogRecord(LogRecord.VERSION, UUID.randomUUID(), "e-1", "dm:a:b", alice, "alice", bob, "bob", null,
                "fixed", null, Instant.now(), "alice-session", LogRecord.EDIT, target, null, null, null, null, null, null);
        new DeliveryRouter(sessions, null, oneNode(), Forwarder.NONE, json, dev.parley.tracing.MessageTracing.OFF)
                .route(List.of(new LoggedMessage(edit, new LogPosition(0, 50))));
        assertThat(sessions.delivered).singleElement().asString()
                .startsWith(alice + " null ").contains("\"type\":\"message.update\"").contains("\"seq\":50").contains("fixed")
                .contains(target.toString());
    }

    /**
     * The first reaction the router sees on a message takes the state its record carries; every
     * later one is applied to what the router holds, whatever the record carries (its sender may
     * have raced another one): a reaction.update needs no database read.
     */
    @Test
    void reactionCountsFollowTheLogInOrderAfterTheFirstRecord() {
        FakeSessions sessions = new FakeSessions();
        sessions.online.add(alice);
        DeliveryRouter router = new DeliveryRouter(sessions, null, oneNode(), Forwarder.NONE, json, dev.parley.tracing.MessageTracing.OFF);
        UUID target = UUID.randomUUID();
        UUID carol = UUID.randomUUID();
        var carolAlready = List.of(new dev.parley.log.Reaction("👍", 1, List.of(new dev.parley.log.Reaction.Reactor(carol, "carol"))));
        var withBob = dev.parley.log.Reaction.apply(carolAlready, "👍", new dev.parley.log.Reaction.Reactor(bob, "bob"), true);
        router.route(List.of(reaction(target, bob, "bob", true, withBob, 60)));
        // Alice's sender did not see Bob's reaction yet: its record carries only Carol's and hers.
        var staleWithAlice = dev.parley.log.Reaction.apply(carolAlready, "👍", new dev.parley.log.Reaction.Reactor(alice, "alice"), true);
        router.route(List.of(reaction(target, alice, "alice", true, staleWithAlice, 61)));
        router.route(List.of(reaction(target, bob, "bob", false, List.of(), 62)));

        assertThat(sessions.delivered).hasSize(3);
        assertThat(sessions.delivered.get(0)).contains("\"count\":2");
        assertThat(sessions.delivered.get(1)).as("Bob's reaction is kept though Alice's record missed it").contains("\"count\":3")
                .contains("\"username\":\"bob\"");
        assertThat(sessions.delivered.get(2)).contains("\"added\":false").contains("\"count\":2,\"users\":[{\"id\":\"" + carol
                + "\",\"username\":\"carol\"},{\"id\":\"" + alice + "\",\"username\":\"alice\"}]");
    }
}
