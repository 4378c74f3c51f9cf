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

    private LoggedMessage directMessage(String content) {
        LogRecord record = new LogRecord(LogRecord.VERSION, UUID.randomUUID(), "c-1", "dm:a:b", alice, "alice", bob, "bob", null,
                content, null, Instant.now(), "alice-session");
        return new LoggedMessage(record, new LogPosition(0, 42));
    }

    @Test
    void nobodyOnlineHereMeansNothingIsSerializedOrDelivered() {
        FakeSessions sessions = new FakeSessions();
        sessions.online.add(UUID.randomUUID()); // someone else
        new DeliveryRouter(sessions, null, Directory.SINGLE_NODE, Forwarder.NONE, json).route(List.of(directMessage("hello")));
        assertThat(serialized).hasValue(0);
        assertThat(sessions.delivered).isEmpty();
    }

    @Test
    void eitherParticipantOnlineGetsTheEventSerializedOnce() {
        FakeSessions sessions = new FakeSessions();
        sessions.online.add(alice); // only the sender: her other sessions get the copy, the sending one the ack
        DeliveryRouter router = new DeliveryRouter(sessions, null, Directory.SINGLE_NODE, Forwarder.NONE, json);
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
    void inAClusterEachNodeHoldingARecipientGetsOneForwardOfTheSameBytesAndTheRegistryIsAskedOncePerBatch() {
        FakeSessions sessions = new FakeSessions();
        sessions.online.add(alice);
        List<String> lookups = new java.util.ArrayList<>();
        Directory directory = new Directory() {
            public boolean clustered() {
                return true;
            }

            public java.util.Map<String, java.util.Set<UUID>> elsewhere(java.util.Collection<UUID> users) {
                lookups.add(users.toString());
                return java.util.Map.of("node-2", java.util.Set.of(bob), "node-3", java.util.Set.of(UUID.randomUUID()));
            }

            public reactor.core.publisher.Mono<java.util.Map<String, java.util.Set<UUID>>> elsewhereLater(java.util.Collection<UUID> users) {
                throw new UnsupportedOperationException();
            }

            public reactor.core.publisher.Mono<Void> opened(UUID user) {
                return reactor.core.publisher.Mono.empty();
            }

            public void closed(UUID user) {
            }
        };
        List<String> forwarded = new java.util.ArrayList<>();
        Forwarder forwarder = (node, users, delivery, except) -> forwarded.add(node + " " + users + " " + except + " "
                + new String(delivery.frame(), java.nio.charset.StandardCharsets.UTF_8));
        DeliveryRouter router = new DeliveryRouter(sessions, null, directory, forwarder, json);

        router.route(List.of(directMessage("one"), directMessage("two")));

        assertThat(lookups).as("one lookup for the whole batch").hasSize(1);
        assertThat(serialized).as("once per message, for here and every other node").hasValue(2);
        assertThat(forwarded).as("node-3 holds no recipient").hasSize(2)
                .allSatisfy(f -> assertThat(f).startsWith("node-2 [" + bob + "] alice-session "));
        assertThat(forwarded.get(0)).contains("\"one\"");
        assertThat(sessions.delivered).hasSize(2);
    }
}
