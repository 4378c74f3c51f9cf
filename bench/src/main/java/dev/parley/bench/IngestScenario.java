package dev.parley.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingest: how many acknowledged (acks=all) messages per second a node takes. Each sender keeps
 * {@code window} messages unacknowledged, sending the next one when an ack arrives, so the offered
 * load rises until the server is the bottleneck.
 */
final class IngestScenario {

    private IngestScenario() {
    }

    static Result run(Target target, WsClients clients, List<Accounts.Account> senders, Accounts.Account recipient,
                      int window, double seconds) throws Exception {
        Latencies ack = new Latencies();
        AtomicLong acks = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        List<WsClients.Connection> connections = new ArrayList<>();
        for (int s = 0; s < senders.size(); s++) {
            int sender = s;
            WsClients.Connection[] self = new WsClients.Connection[1];
            long[] next = {0};
            Runnable sendOne = () -> {
                long now = System.nanoTime();
                sent.incrementAndGet();
                self[0].send("{\"type\":\"message.send\",\"clientMsgId\":\"i" + sender + "." + next[0]++ + "." + now
                        + "\",\"to\":\"" + recipient.userId() + "\",\"content\":\"ingest " + now + "\"}");
            };
            self[0] = clients.connect("/ws?token=" + senders.get(s).token(), frame -> {
                if (Json.isType(frame, "message.ack")) {
                    ack.record((System.nanoTime() - Long.parseLong(Json.string(frame, "clientMsgId").split("\\.")[2])) / 1000);
                    acks.incrementAndGet();
                    if (running.get()) {
                        sendOne.run();
                    }
                } else if (Json.isType(frame, "error")) {
                    errors.incrementAndGet();
                }
            }, () -> { }).get();
            connections.add(self[0]);
        }
        ProcStats.CpuWindow cpu = target.cpu();
        long started = System.nanoTime();
        // Kick off: the first window per sender goes out from here; later sends follow acks.
        for (int s = 0; s < connections.size(); s++) {
            for (int i = 0; i < window; i++) {
                long now = System.nanoTime();
                sent.incrementAndGet();
                connections.get(s).send("{\"type\":\"message.send\",\"clientMsgId\":\"k" + s + "." + i + "." + now
                        + "\",\"to\":\"" + recipient.userId() + "\",\"content\":\"ingest " + now + "\"}");
            }
        }
        long before = acks.get();
        Thread.sleep((long) (seconds * 1000));
        running.set(false);
        long measured = acks.get() - before;
        double elapsed = (System.nanoTime() - started) / 1e9;
        Wait.until(java.time.Duration.ofSeconds(30), () -> acks.get() + errors.get() >= sent.get());
        Result result = target.withServerStats(Result.of("ingest", target.name()), cpu);
        connections.forEach(WsClients.Connection::close);
        return result.param("senders", senders.size()).param("window", window).param("seconds", seconds)
                .metric("acked", acks.get()).metric("errors", errors.get())
                .metric("ackedPerSecond", measured / elapsed)
                .latency("ack", ack);
    }
}
