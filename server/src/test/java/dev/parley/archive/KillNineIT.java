package dev.parley.archive;

import static dev.parley.support.Frames.dm;
import static dev.parley.support.Frames.join;
import static dev.parley.support.Frames.newId;
import static dev.parley.support.Frames.toRoom;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import dev.parley.support.NodeProcess;
import dev.parley.support.Postgres;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.TestDirs;
import dev.parley.support.WsClient;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * A node killed with SIGKILL while messages stream in: after a restart on the same data directory
 * and database, every message that was acked before the kill is in history exactly once and in
 * order, and live delivery works again within seconds (not after a consumer-group session timeout).
 */
class KillNineIT {

    private static final int SENDERS = 4;            // each streams direct messages to its own recipient
    private static final int ROOM_SENDERS = 2;       // of them, these also stream into one room
    private static final long TICK_MILLIS = 10;      // per sender: 1 DM per tick, plus 1 room message every 2nd tick
    private static final Duration STREAMING = Duration.ofSeconds(3);
    private static final Duration LIVE_LIMIT = Duration.ofSeconds(10);
    private static final Duration ARCHIVE_LIMIT = Duration.ofSeconds(60);

    record Ack(String conversationId, long seq, String serverMsgId) {
    }

    record Stored(long seq, String serverMsgId) {
    }

    /** Who talks to whom: sender i writes to recipient i; the first senders and recipient 0 are in the room. */
    record Cast(List<Account> senders, List<Account> recipients, String room) {

        static Cast register(TestApi api, int port) {
            List<Account> senders = new ArrayList<>();
            List<Account> recipients = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                senders.add(api.register("k9-sender"));
                recipients.add(api.register("k9-recipient"));
            }
            Cast cast = new Cast(senders, recipients, TestApi.uniqueName("k9-room"));
            List<Account> members = new ArrayList<>(senders.subList(0, ROOM_SENDERS));
            members.add(recipients.getFirst());
            for (Account member : members) {
                try (WsClient client = WsClient.connect(port, member.token())) {
                    client.send(join(cast.room));
                    client.awaitData("room.joined", "room", cast.room);
                }
            }
            return cast;
        }
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"embedded", "postgres"})
    void ackedMessagesSurviveKillNineAndLiveDeliveryResumesQuickly(String database) {
        Path dataDir = TestDirs.fresh("kill9-" + database);
        Map<String, String> settings = new HashMap<>();
        if (database.equals("postgres")) {
            settings.put("parley.database.url", Postgres.freshDatabase("kill9"));
            settings.put("parley.database.username", Postgres.USER);
            settings.put("parley.database.password", Postgres.PASSWORD);
        }
        List<String> problems = new ArrayList<>();
        Cast cast;
        List<Ack> acked;
        try (NodeProcess first = new NodeProcess(dataDir, settings).start()) {
            cast = Cast.register(first.api(), first.port());
            acked = streamAndKill(first, cast, database);
        }

        Map<String, List<Stored>> afterKill;
        try (NodeProcess second = new NodeProcess(dataDir, settings).start()) {
            long ready = System.nanoTime();
            Duration live = liveDelivery(second, cast, ready);
            System.out.printf("[KillNineIT %s] live delivery after the kill -9 restart: message.create %d ms after the node was ready (limit %d ms)%n",
                    database, live.toMillis(), LIVE_LIMIT.toMillis());
            if (live.compareTo(LIVE_LIMIT) > 0) {
                problems.add("live delivery after the restart took " + live.toMillis() + " ms after the node was ready (limit "
                        + LIVE_LIMIT.toMillis() + " ms); " + second.log());
            }
            afterKill = archivedAfterMarkers(second, cast, problems);
            problems.addAll(check("after the kill -9 restart", acked, afterKill, second));
            System.out.printf("[KillNineIT %s] after the kill -9 restart: %s%n", database,
                    problems.isEmpty() ? "every acked message is in history once, in order" : String.join("\n  ", problems));
        }

        try (NodeProcess third = new NodeProcess(dataDir, settings).start()) {
            Map<String, List<Stored>> afterGracefulRestart = histories(third.api(), cast, afterKill.keySet());
            if (!afterGracefulRestart.equals(afterKill)) {
                problems.add("history changed across a graceful restart; " + third.log());
            }
            problems.addAll(check("after a further graceful restart", acked, afterGracefulRestart, third));
        }
        System.out.printf("[KillNineIT %s] %s%n", database, problems.isEmpty() ? "all checks passed" : problems.size() + " problems");
        assertThat(problems).as("on " + database + " (data in " + dataDir + ")").isEmpty();
    }

    /**
     * Streams ~500 msg/s from every sender and kills the node mid-stream, just after a live recipient
     * got a message (so the archive has just committed: that is the moment a lazily written
     * database loses). Returns every ack the senders got.
     */
    private static List<Ack> streamAndKill(NodeProcess node, Cast cast, String database) {
        List<WsClient> clients = cast.senders.stream().map(s -> WsClient.connect(node.port(), s.token())).toList();
        WsClient watcher = WsClient.connect(node.port(), cast.recipients.getFirst().token()); // in the room and s0's DM
        ScheduledExecutorService pace = Executors.newScheduledThreadPool(SENDERS, Thread.ofPlatform().daemon().name("k9-sender-", 0).factory());
        AtomicInteger sent = new AtomicInteger();
        try {
            for (int i = 0; i < SENDERS; i++) {
                pace.scheduleAtFixedRate(sendTick(i, clients.get(i), cast, sent), 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
            }
            long start = System.nanoTime();
            AtomicInteger delivered = new AtomicInteger();
            Awaitility.await("streaming for " + STREAMING.toSeconds() + " s, then a live delivery").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        int now = watcher.frames("message.create").size();
                        boolean justDelivered = now > delivered.getAndSet(now);
                        return System.nanoTime() - start >= STREAMING.toNanos() && ackCount(clients) >= 500 && justDelivered;
                    });
            int ackedAtKill = ackCount(clients);
            int sentAtKill = sent.get();
            node.kill9();
            long streamedMillis = (System.nanoTime() - start) / 1_000_000;
            pace.shutdownNow();
            Awaitility.await("senders see the connection end").atMost(Duration.ofSeconds(10))
                    .until(() -> clients.stream().allMatch(c -> c.closed().isDone()));
            List<Ack> acks = acks(clients);
            Map<String, Long> errors = clients.stream().flatMap(c -> c.frames("error").stream())
                    .collect(Collectors.groupingBy(f -> f.path("data").path("code").asString(), Collectors.counting()));
            System.out.printf("[KillNineIT %s] kill -9 after %d ms of streaming: %d sent, %d acked (%d when the kill was decided), "
                    + "~%d acks/s, %d delivered to a live recipient, errors %s; %s%n", database, streamedMillis, sentAtKill, acks.size(),
                    ackedAtKill, acks.size() * 1000L / Math.max(1, streamedMillis), delivered.get(), errors, node.log());
            assertThat(acks).as("acks before the kill (harness check)").hasSizeGreaterThanOrEqualTo(500);
            return acks;
        } finally {
            pace.shutdownNow();
            clients.forEach(WsClient::abort);
            watcher.abort();
        }
    }

    private static Runnable sendTick(int i, WsClient client, Cast cast, AtomicInteger sent) {
        AtomicLong tick = new AtomicLong();
        String recipient = cast.recipients.get(i).username();
        return () -> {
            if (client.closed().isDone()) {
                return; // the node is gone
            }
            long n = tick.getAndIncrement();
            try {
                client.send(dm(newId(), recipient, "dm " + i + "/" + n));
                sent.incrementAndGet();
                if (i < ROOM_SENDERS && n % 2 == 0) {
                    client.send(toRoom(newId(), cast.room, "room " + i + "/" + n));
                    sent.incrementAndGet();
                }
            } catch (RuntimeException connectionGone) {
                // the kill: what was acked so far is what counts
            }
        };
    }

    /**
     * The time from the restarted node being ready until a recipient connected after it got a
     * direct message sent after it (waits up to 60 s so the report shows the real figure).
     */
    private static Duration liveDelivery(NodeProcess node, Cast cast, long ready) {
        try (WsClient recipient = WsClient.connect(node.port(), cast.recipients.getFirst().token());
             WsClient sender = WsClient.connect(node.port(), cast.senders.getFirst().token())) {
            String id = newId();
            sender.send(dm(id, cast.recipients.getFirst().username(), "live after the restart"));
            try {
                Awaitility.await("message.create after restart").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                        .until(() -> recipient.frames("message.create").stream().anyMatch(f -> id.equals(f.get("data").get("clientMsgId").asString())));
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("no live delivery within 60 s of the restart; " + node.describeLog(), e);
            }
            return Duration.ofNanos(System.nanoTime() - ready);
        }
    }

    /**
     * Sends one marker per conversation after the restart and waits until the archive has each: it
     * is archived after everything before it in its partition, so history is then final.
     */
    private static Map<String, List<Stored>> archivedAfterMarkers(NodeProcess node, Cast cast, List<String> problems) {
        TestApi api = node.api();
        Map<String, Account> readers = new LinkedHashMap<>();
        Map<String, String> markers = new LinkedHashMap<>();
        for (int i = 0; i < SENDERS; i++) {
            Account sender = cast.senders.get(i);
            JsonNode ack = sendMarker(api, sender, Map.of("clientMsgId", newId(), "to", cast.recipients.get(i).username(), "content", "marker"));
            readers.put(ack.get("conversationId").asString(), sender);
            markers.put(ack.get("conversationId").asString(), ack.get("serverMsgId").asString());
        }
        Account roomSender = cast.senders.getFirst();
        JsonNode roomAck = sendMarker(api, roomSender, Map.of("clientMsgId", newId(), "conversationId", "room:" + cast.room, "content", "marker"));
        readers.put(roomAck.get("conversationId").asString(), roomSender);
        markers.put(roomAck.get("conversationId").asString(), roomAck.get("serverMsgId").asString());
        try {
            Awaitility.await("markers archived").atMost(ARCHIVE_LIMIT).pollInterval(Duration.ofMillis(250)).until(() -> markers.entrySet().stream()
                    .allMatch(m -> newest(api, m.getKey(), readers.get(m.getKey())).contains(m.getValue())));
        } catch (ConditionTimeoutException e) {
            problems.add("the archive did not catch up with markers sent after the restart within " + ARCHIVE_LIMIT.toSeconds() + " s; " + node.log());
        }
        return histories(api, cast, markers.keySet());
    }

    private static JsonNode sendMarker(TestApi api, Account sender, Map<String, Object> body) {
        TestApi.Response response = api.post("/api/v1/messages", body, sender.token());
        assertThat(response.status()).as("marker send: " + response).isEqualTo(202);
        return response.body();
    }

    private static Set<String> newest(TestApi api, String conversation, Account reader) {
        JsonNode page = api.get("/api/v1/conversations/" + conversation + "/messages?limit=5", reader.token()).body();
        Set<String> ids = new HashSet<>();
        page.get("messages").forEach(m -> ids.add(m.get("serverMsgId").asString()));
        return ids;
    }

    /** Each conversation's whole history, oldest first, paging forwards. */
    private static Map<String, List<Stored>> histories(TestApi api, Cast cast, Set<String> conversations) {
        Map<String, List<Stored>> all = new LinkedHashMap<>();
        for (String conversation : conversations) {
            Account reader = reader(cast, conversation);
            List<Stored> messages = new ArrayList<>();
            long after = -1;
            while (true) {
                TestApi.Response page = api.get("/api/v1/conversations/" + conversation + "/messages?after=" + after + "&limit=200", reader.token());
                assertThat(page.status()).as("history of " + conversation + ": " + page).isEqualTo(200);
                page.body().get("messages").forEach(m -> messages.add(new Stored(m.get("seq").asLong(), m.get("serverMsgId").asString())));
                JsonNode next = page.body().get("newerAfter");
                if (next == null || next.isNull()) {
                    break;
                }
                after = next.asLong();
            }
            all.put(conversation, messages);
        }
        return all;
    }

    /** A participant of {@code conversation}: the room's first sender, or the sender of that direct conversation. */
    private static Account reader(Cast cast, String conversation) {
        if (conversation.startsWith("room:")) {
            return cast.senders.getFirst();
        }
        return cast.senders.stream().filter(s -> conversation.contains(s.id().toString())).findFirst()
                .orElseThrow(() -> new AssertionError("no sender in " + conversation));
    }

    /** Every acked message exactly once, with its acked seq; each history in strictly increasing seq order. */
    private static List<String> check(String when, List<Ack> acked, Map<String, List<Stored>> histories, NodeProcess node) {
        List<String> problems = new ArrayList<>();
        Map<String, List<Ack>> ackedByConversation = acked.stream().collect(Collectors.groupingBy(Ack::conversationId, LinkedHashMap::new, Collectors.toList()));
        int missingTotal = 0;
        for (var entry : ackedByConversation.entrySet()) {
            List<Stored> history = histories.getOrDefault(entry.getKey(), List.of());
            Map<String, Long> seqById = new HashMap<>();
            int duplicates = 0;
            for (Stored s : history) {
                if (seqById.put(s.serverMsgId(), s.seq()) != null) {
                    duplicates++;
                }
            }
            List<Long> missing = new ArrayList<>();
            int wrongSeq = 0;
            for (Ack ack : entry.getValue()) {
                Long stored = seqById.get(ack.serverMsgId());
                if (stored == null) {
                    missing.add(ack.seq());
                } else if (stored != ack.seq()) {
                    wrongSeq++;
                }
            }
            int outOfOrder = 0;
            for (int i = 1; i < history.size(); i++) {
                if (history.get(i).seq() <= history.get(i - 1).seq()) {
                    outOfOrder++;
                }
            }
            missingTotal += missing.size();
            long newestAcked = entry.getValue().stream().mapToLong(Ack::seq).max().orElse(-1);
            if (!missing.isEmpty() || duplicates > 0 || wrongSeq > 0 || outOfOrder > 0) {
                problems.add(String.format("%s, %s: %d acked, %d in history; %d acked missing (seqs %s; newest acked seq %d), %d duplicates, "
                        + "%d with another seq than acked, %d out of order", when, entry.getKey(), entry.getValue().size(), history.size(),
                        missing.size(), summarize(missing), newestAcked, duplicates, wrongSeq, outOfOrder));
            }
        }
        if (missingTotal > 0) {
            problems.add(when + ": " + missingTotal + " of " + acked.size() + " acked messages are missing from history; " + node.log());
        }
        return problems;
    }

    private static String summarize(List<Long> seqs) {
        if (seqs.isEmpty()) {
            return "none";
        }
        List<Long> sorted = seqs.stream().sorted().toList();
        return sorted.size() <= 6 ? sorted.toString() : sorted.getFirst() + ".." + sorted.getLast();
    }

    private static int ackCount(List<WsClient> clients) {
        return clients.stream().mapToInt(c -> c.frames("message.ack").size()).sum();
    }

    private static List<Ack> acks(List<WsClient> clients) {
        return clients.stream().flatMap(c -> c.frames("message.ack").stream()).map(f -> f.get("data"))
                .map(d -> new Ack(d.get("conversationId").asString(), d.get("seq").asLong(), d.get("serverMsgId").asString())).toList();
    }
}
