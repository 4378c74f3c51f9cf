package dev.parley.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Direct-message latency: {@code pairs} sender→receiver pairs, each on its own connection, at a
 * fixed total rate. Latency is measured from just before the send to the receipt of the
 * {@code message.create} (end to end through Kafka) and to the {@code message.ack}. Above what the
 * node can take, it may refuse sends ({@code error} with code {@code overloaded}); refused messages
 * are counted, not resent. Every acked message must reach its receiver within {@link #DRAIN} of
 * the last send.
 */
final class DirectScenario {

    /** How long after the last send every acked message must have been delivered. */
    static final Duration DRAIN = Duration.ofSeconds(10);

    private DirectScenario() {
    }

    /** A message's clientMsgId, {@code pair.n.sentNanos}: an ack or an error's {@code ref} names its message without a lookup. */
    record MessageId(int pair, int n, long sentNanos) {

        String text() {
            return pair + "." + n + "." + sentNanos;
        }

        /** Null for anything this scenario did not send (e.g. an error whose ref is a frame type). */
        static MessageId parse(String id) {
            if (id == null) {
                return null;
            }
            String[] parts = id.split("\\.");
            try {
                return parts.length == 3 ? new MessageId(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Long.parseLong(parts[2])) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    static Result run(Target target, WsClients clients, List<Accounts.Account> senders, List<Accounts.Account> receivers,
                      double rate, double seconds) throws Exception {
        return run(target, clients, clients, senders, receivers, rate, seconds);
    }

    /** Senders connect through {@code toSenders}, receivers through {@code toReceivers} (two nodes of a cluster, say). */
    static Result run(Target target, WsClients toSenders, WsClients toReceivers, List<Accounts.Account> senders,
                      List<Accounts.Account> receivers, double rate, double seconds) throws Exception {
        int pairs = senders.size();
        Outcomes outcomes = new Outcomes(pairs);
        AtomicLong disconnects = new AtomicLong();
        List<WsClients.Connection> out = new ArrayList<>();
        List<WsClients.Connection> in = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            int pair = p;
            in.add(toReceivers.connect("/ws?token=" + receivers.get(p).token(), frame -> {
                if (Json.isType(frame, "message.create")) {
                    String[] c = Json.string(frame, "content").split("\\|");
                    outcomes.delivered(pair, Integer.parseInt(c[2]), (System.nanoTime() - Long.parseLong(c[3])) / 1000);
                }
            }, disconnects::incrementAndGet).get());
            out.add(toSenders.connect("/ws?token=" + senders.get(p).token(), senderFrames(outcomes), () -> { }).get());
        }
        int[] perPair = new int[pairs];
        LongAdder written = new LongAdder();
        ProcStats.CpuWindow cpu = target.cpu();
        long started = System.nanoTime();
        long sent = Pacer.run(rate, seconds, i -> {
            int p = (int) (i % pairs);
            long now = System.nanoTime();
            int n = perPair[p]++;
            out.get(p).send("{\"type\":\"message.send\",\"clientMsgId\":\"" + new MessageId(p, n, now).text() + "\",\"to\":\""
                    + receivers.get(p).userId() + "\",\"content\":\"d|" + p + "|" + n + "|" + now + "\"}", written::increment);
        });
        double sendSeconds = (System.nanoTime() - started) / 1e9;
        // The load really offered: frames in the socket by the end of the window (the pacer's count includes queued ones).
        long onWire = written.sum();
        // Server load while the rate was offered, not diluted by the drain below.
        double cores = cpu.cores();
        long rssKib = target.rssKib();
        Wait.until(DRAIN, () -> outcomes.answered() >= sent && outcomes.ackedNotDelivered() == 0);
        outcomes.close();
        Outcomes.Summary s = outcomes.summary(perPair);
        long closedByServer = disconnects.get(); // before our own closes below count too
        out.forEach(WsClients.Connection::close);
        in.forEach(WsClients.Connection::close);
        Result result = Result.of("direct", target.name()).param("pairs", pairs).param("offeredPerSecond", rate).param("seconds", seconds)
                .metric("offeredAchievedPerSecond", onWire / sendSeconds);
        if (target.measurable()) {
            result.metric("serverCpuCores", cores).metric("serverRssMib", rssKib / 1024.0);
        }
        result.metric("sent", s.sent()).metric("notOnWireAtEnd", sent - onWire)
                .metric("acked", s.acked()).metric("ackedPerSecond", s.acked() / sendSeconds)
                .metric("refusedOverloaded", s.refusedOverloaded()).metric("otherErrors", s.otherErrors());
        if (!s.otherErrorCodes().isEmpty()) {
            result.metric("otherErrorCodes", s.otherErrorCodes());
        }
        return result.metric("unanswered", s.unanswered()).metric("delivered", s.delivered())
                .metric("receiversDisconnected", closedByServer) // a receiver the server dropped (e.g. 4008, too slow) misses live messages
                .metric("ackedNotDeliveredAfter10s", s.ackedNotDelivered()).metric("refusedButDelivered", s.refusedButDelivered())
                .metric("deliveredUnanswered", s.deliveredUnanswered())
                .metric("duplicates", s.duplicates()).metric("outOfOrder", s.outOfOrder())
                .latency("delivery", outcomes.deliveryLatency()).latency("ack", outcomes.ackLatency());
    }

    /** A sender's inbound frames: acks (latency, and which message) and errors (refusals, by code). */
    private static java.util.function.Consumer<String> senderFrames(Outcomes outcomes) {
        return frame -> {
            if (Json.isType(frame, "message.ack")) {
                MessageId id = MessageId.parse(Json.string(frame, "clientMsgId"));
                if (id != null) {
                    outcomes.acked(id.pair(), id.n(), (System.nanoTime() - id.sentNanos()) / 1000);
                }
            } else if (Json.isType(frame, "error")) {
                MessageId id = MessageId.parse(Json.string(frame, "ref"));
                outcomes.refused(id == null ? -1 : id.pair(), id == null ? -1 : id.n(), Json.string(frame, "code"));
            }
        };
    }
}
