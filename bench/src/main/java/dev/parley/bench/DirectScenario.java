package dev.parley.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Direct-message latency: {@code pairs} sender→receiver pairs, each on its own connection, at a
 * fixed total rate. Latency is measured from just before the send to the receipt of the
 * {@code message.create} (end to end through Kafka) and to the {@code message.ack}.
 */
final class DirectScenario {

    private DirectScenario() {
    }

    static Result run(Target target, WsClients clients, List<Accounts.Account> senders, List<Accounts.Account> receivers,
                      double rate, double seconds) throws Exception {
        int pairs = senders.size();
        Latencies delivery = new Latencies();
        Latencies ack = new Latencies();
        Accounting accounting = new Accounting();
        AtomicLong acks = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong disconnects = new AtomicLong();
        List<WsClients.Connection> out = new ArrayList<>();
        List<WsClients.Connection> in = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            int pair = p;
            in.add(clients.connect("/ws?token=" + receivers.get(p).token(), frame -> {
                if (Json.isType(frame, "message.create")) {
                    String[] c = Json.string(frame, "content").split("\\|");
                    delivery.record((System.nanoTime() - Long.parseLong(c[3])) / 1000);
                    accounting.received("pair-" + pair, Integer.parseInt(c[2]));
                }
            }, disconnects::incrementAndGet).get());
            out.add(clients.connect("/ws?token=" + senders.get(p).token(), frame -> {
                if (Json.isType(frame, "message.ack")) {
                    String[] id = Json.string(frame, "clientMsgId").split("\\.");
                    ack.record((System.nanoTime() - Long.parseLong(id[2])) / 1000);
                    acks.incrementAndGet();
                } else if (Json.isType(frame, "error")) {
                    errors.incrementAndGet();
                }
            }, () -> { }).get());
        }
        int[] perPair = new int[pairs];
        ProcStats.CpuWindow cpu = target.cpu();
        long started = System.nanoTime();
        long sent = Pacer.run(rate, seconds, i -> {
            int p = (int) (i % pairs);
            int n = perPair[p]++;
            long now = System.nanoTime();
            out.get(p).send("{\"type\":\"message.send\",\"clientMsgId\":\"" + p + "." + n + "." + now + "\",\"to\":\""
                    + receivers.get(p).userId() + "\",\"content\":\"d|" + p + "|" + n + "|" + now + "\"}");
        });
        double sendSeconds = (System.nanoTime() - started) / 1e9;
        Wait.until(Duration.ofSeconds(60), () -> acks.get() + errors.get() >= sent && accounting.received() >= acks.get());
        Result result = target.withServerStats(Result.of("direct", target.name()), cpu);
        long closedByServer = disconnects.get(); // a receiver the server dropped (e.g. 4008, too slow) misses live messages
        long lost = 0;
        for (int p = 0; p < pairs; p++) {
            lost += accounting.lost("pair-" + p, perPair[p]);
        }
        out.forEach(WsClients.Connection::close);
        in.forEach(WsClients.Connection::close);
        return result.param("pairs", pairs).param("offeredPerSecond", rate).param("seconds", seconds)
                .metric("sent", sent).metric("acked", acks.get()).metric("errors", errors.get())
                .metric("ackedPerSecond", acks.get() / sendSeconds)
                .metric("delivered", accounting.received()).metric("receiversDisconnected", closedByServer)
                .metric("notDeliveredIn60s", lost - errors.get())
                .metric("duplicates", accounting.duplicates()).metric("outOfOrder", accounting.outOfOrder())
                .latency("delivery", delivery).latency("ack", ack);
    }
}
