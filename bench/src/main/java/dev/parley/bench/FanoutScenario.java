package dev.parley.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Room fan-out: {@code members} connections in one room (Parley) or on the broadcast server (the
 * transport ceiling), one publisher at a fixed rate. Reports deliveries per second and latency.
 * Parley may refuse a publish ({@code overloaded}): refusals are counted, and "lost" counts only
 * acked messages some member never got (the broadcast server acks nothing: all it is sent counts).
 */
final class FanoutScenario {

    private FanoutScenario() {
    }

    /** @param paths one connection path per member (tokens in the query for Parley); the first is the publisher */
    static Result run(Target target, WsClients clients, List<String> paths, String room, double rate, double seconds) throws Exception {
        int members = paths.size() - 1;
        Latencies delivery = new Latencies();
        Accounting accounting = new Accounting();
        AtomicLong lastDelivery = new AtomicLong();
        java.util.BitSet acked = new java.util.BitSet();
        AtomicLong refused = new AtomicLong();
        java.util.Set<Integer> dropped = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
        List<WsClients.Connection> connections = new ArrayList<>();
        List<CompletableFuture<WsClients.Connection>> pending = new ArrayList<>();
        for (int m = 0; m <= members; m++) {
            int member = m;
            CompletableFuture<Void> joined = new CompletableFuture<>();
            pending.add(clients.connect(paths.get(m), frame -> {
                if (frame.startsWith("{\"type\":\"room.joined\"")) {
                    joined.complete(null);
                } else if (member == 0 && Json.isType(frame, "message.ack")) {
                    synchronized (acked) {
                        acked.set(Integer.parseInt(Json.string(frame, "clientMsgId").split("\\.")[1]));
                    }
                } else if (member == 0 && Json.isType(frame, "error") && String.valueOf(Json.string(frame, "ref")).startsWith("f.")) {
                    refused.incrementAndGet();
                } else if (member > 0 && (Json.isType(frame, "message.create") || frame.startsWith("f|"))) {
                    String content = frame.startsWith("f|") ? frame : Json.string(frame, "content");
                    String[] c = content.split("\\|");
                    long now = System.nanoTime();
                    delivery.record((now - Long.parseLong(c[3])) / 1000);
                    accounting.received("member-" + member, Integer.parseInt(c[2]));
                    lastDelivery.set(now);
                }
            }, () -> {
                if (!closing.get()) {
                    dropped.add(member); // closed by the server: a member that does not keep up is disconnected (it would resume)
                }
            }).thenCompose(connection -> {
                if (room == null) {
                    return CompletableFuture.completedFuture(connection);
                }
                connection.send("{\"type\":\"room.join\",\"room\":\"" + room + "\"}");
                return joined.thenApply(ignored -> connection);
            }));
            if (pending.size() >= 200) {
                for (CompletableFuture<WsClients.Connection> f : pending) {
                    connections.add(f.get());
                }
                pending.clear();
            }
        }
        for (CompletableFuture<WsClients.Connection> f : pending) {
            connections.add(f.get());
        }
        WsClients.Connection publisher = connections.getFirst();
        ProcStats.CpuWindow cpu = target.cpu();
        long started = System.nanoTime();
        long sent = Pacer.run(rate, seconds, n -> {
            long now = System.nanoTime();
            String content = "f|0|" + n + "|" + now;
            publisher.send(room == null ? content : "{\"type\":\"message.send\",\"clientMsgId\":\"f." + n + "." + now
                    + "\",\"conversationId\":\"room:" + room + "\",\"content\":\"" + content + "\"}");
        });
        if (room == null) {
            acked.set(0, (int) sent);
        } else {
            Wait.until(Duration.ofSeconds(30), () -> ackedCount(acked) + refused.get() >= sent);
        }
        long expected = ackedCount(acked) * members;
        Wait.until(Duration.ofSeconds(60), () -> accounting.received() >= expected - (long) dropped.size() * ackedCount(acked));
        double window = (Math.max(lastDelivery.get(), started) - started) / 1e9;
        Result result = target.withServerStats(Result.of("fanout", target.name()), cpu);
        long lost = 0;
        long missedByDropped = 0;
        java.util.BitSet allAcked;
        synchronized (acked) {
            allAcked = (java.util.BitSet) acked.clone();
        }
        for (int m = 1; m <= members; m++) {
            java.util.BitSet missing = (java.util.BitSet) allAcked.clone();
            missing.andNot(accounting.seen("member-" + m));
            if (dropped.contains(m)) {
                missedByDropped += missing.cardinality();
            } else {
                lost += missing.cardinality();
            }
        }
        closing.set(true);
        connections.forEach(WsClients.Connection::close);
        return result.param("members", members).param("publishedPerSecond", rate).param("seconds", seconds)
                .metric("published", sent).metric("acked", ackedCount(acked)).metric("refused", refused.get())
                .metric("deliveries", accounting.received())
                .metric("deliveriesPerSecond", window > 0 ? accounting.received() / window : 0)
                .metric("lost", lost).metric("membersDisconnectedAsSlow", dropped.size()).metric("missedByDisconnected", missedByDropped).metric("duplicates", accounting.duplicates()).metric("outOfOrder", accounting.outOfOrder())
                .latency("delivery", delivery);
    }

    private static long ackedCount(java.util.BitSet acked) {
        synchronized (acked) {
            return acked.cardinality();
        }
    }
}
