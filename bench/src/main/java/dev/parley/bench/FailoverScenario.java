package dev.parley.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A cluster node killed with SIGKILL under its clients: {@code clients} receivers connected to one
 * node, senders on another node writing to them at {@code rate}; after a few seconds the
 * receivers' node is killed. Each receiver reconnects through the load balancer at once, resumes
 * with the positions it has, and the scenario reports how long until every receiver was resumed,
 * and whether each acked message reached its receiver exactly once and in order.
 */
final class FailoverScenario {

    private static final int SENDERS = 20;
    private static final Duration KILL_AFTER = Duration.ofSeconds(5);
    private static final Duration DRAIN = Duration.ofSeconds(90);

    /** @param victim the node whose clients are killed with it; {@code pidFile} holds its PID */
    record Settings(String balancer, String victim, Path pidFile, String senders, int clients, double rate, double seconds) {
    }

    /** One receiver: what it got (across its connections), where it is, how its resume went. */
    private static final class Receiver {
        final Accounts.Account account;
        final Set<String> received = ConcurrentHashMap.newKeySet();
        final AtomicLong newestSeq = new AtomicLong(-1);
        final AtomicReference<String> conversation = new AtomicReference<>();
        volatile long resumedAtNanos;
        volatile boolean done; // the scenario is over: a close is ours, not to be answered with a reconnect

        Receiver(Accounts.Account account) {
            this.account = account;
        }
    }

    /** Resumed connections the server closed later (a client reconnects and resumes again, so does this one). */
    private static final AtomicLong CLOSED_AFTER_RESUME = new AtomicLong();

    private FailoverScenario() {
    }

    static Result run(Settings settings, Accounts accounts) throws Exception {
        List<Receiver> receivers = accounts.create(settings.clients(), "victim").stream().map(Receiver::new).toList();
        List<Accounts.Account> senders = accounts.create(SENDERS, "survivor");
        Map<String, Integer> acked = new ConcurrentHashMap<>();
        AtomicLong refused = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong outOfOrder = new AtomicLong();
        AtomicLong killedAtNanos = new AtomicLong();
        Latencies resume = new Latencies();
        try (WsClients toVictim = clients(settings.victim()); WsClients toBalancer = clients(settings.balancer());
             WsClients toSenders = clients(settings.senders())) {
            for (int r = 0; r < receivers.size(); r++) {
                Receiver receiver = receivers.get(r);
                toVictim.connect("/ws?token=" + receiver.account.token(), frame -> onFrame(receiver, frame, duplicates, outOfOrder),
                        () -> reconnect(toBalancer, receiver, killedAtNanos, resume, duplicates, outOfOrder)).get();
            }
            List<WsClients.Connection> out = new ArrayList<>();
            for (Accounts.Account sender : senders) {
                out.add(toSenders.connect("/ws?token=" + sender.token(), frame -> {
                    if (Json.isType(frame, "message.ack")) {
                        String id = Json.string(frame, "clientMsgId");
                        acked.put(id, Integer.parseInt(id.split("\\.")[1]));
                    } else if (Json.isType(frame, "error")) {
                        refused.incrementAndGet();
                    }
                }, () -> { }).get());
            }
            long started = System.nanoTime();
            long sent = Pacer.run(settings.rate(), settings.seconds(), i -> {
                if (killedAtNanos.get() == 0 && System.nanoTime() - started > KILL_AFTER.toNanos()) {
                    kill(settings.pidFile());
                    killedAtNanos.set(System.nanoTime());
                }
                int r = (int) (i % receivers.size());
                String id = "f." + r + "." + i;
                out.get((int) (i % SENDERS)).send("{\"type\":\"message.send\",\"clientMsgId\":\"" + id + "\",\"to\":\""
                        + receivers.get(r).account.userId() + "\",\"content\":\"failover " + i + "\"}");
            });
            Wait.until(DRAIN, () -> receivers.stream().allMatch(x -> x.resumedAtNanos > 0)
                    && acked.entrySet().stream().allMatch(e -> receivers.get(e.getValue()).received.contains(e.getKey())));
            out.forEach(WsClients.Connection::close);
            receivers.forEach(x -> x.done = true);
            long lost = acked.entrySet().stream().filter(e -> !receivers.get(e.getValue()).received.contains(e.getKey())).count();
            acked.entrySet().stream().filter(e -> !receivers.get(e.getValue()).received.contains(e.getKey())).limit(5)
                    .forEach(e -> System.out.println("  not delivered: " + e.getKey() + " to " + receivers.get(e.getValue()).account.username()
                            + " (resumed " + (receivers.get(e.getValue()).resumedAtNanos - killedAtNanos.get()) / 1_000_000 + " ms after the kill)"));
            long notResumed = receivers.stream().filter(x -> x.resumedAtNanos == 0).count();
            long allResumed = receivers.stream().mapToLong(x -> x.resumedAtNanos).max().orElse(0);
            return Result.of("failover", "cluster").param("clients", settings.clients()).param("offeredPerSecond", settings.rate())
                    .param("seconds", settings.seconds()).param("killAfterSeconds", KILL_AFTER.toSeconds())
                    .metric("sent", sent).metric("acked", acked.size()).metric("refused", refused.get())
                    .metric("notResumed", notResumed)
                    .metric("allResumedAfterKillMs", notResumed > 0 ? -1 : (allResumed - killedAtNanos.get()) / 1_000_000.0)
                    .metric("closedAfterResume", CLOSED_AFTER_RESUME.get())
                    .metric("ackedNotDelivered", lost).metric("duplicates", duplicates.get()).metric("outOfOrder", outOfOrder.get())
                    .latency("resumedAfterKill", resume);
        }
    }

    private static WsClients clients(String address) {
        String[] hostPort = address.split(":");
        return new WsClients(hostPort[0], Integer.parseInt(hostPort[1]), 2, 1);
    }

    private static void onFrame(Receiver receiver, String frame, AtomicLong duplicates, AtomicLong outOfOrder) {
        if (Json.isType(frame, "message.create")) {
            if (!receiver.received.add(Json.string(frame, "clientMsgId"))) {
                duplicates.incrementAndGet();
            }
            receiver.conversation.set(Json.string(frame, "conversationId"));
            long seq = Json.number(frame, "seq");
            if (receiver.newestSeq.getAndAccumulate(seq, Math::max) > seq) {
                outOfOrder.incrementAndGet();
            }
        }
    }

    /** The node is gone: through the balancer, announcing a resume, with the newest seq this receiver has. */
    private static void reconnect(WsClients balancer, Receiver receiver, AtomicLong killedAt, Latencies resume,
                                  AtomicLong duplicates, AtomicLong outOfOrder) {
        String conversation = receiver.conversation.get();
        String positions = conversation == null ? "{}" : "{\"" + conversation + "\":" + receiver.newestSeq.get() + "}";
        balancer.connect("/ws?resume=1&token=" + receiver.account.token(), frame -> {
            if (Json.isType(frame, "resume.done")) {
                receiver.resumedAtNanos = System.nanoTime();
                resume.record((receiver.resumedAtNanos - killedAt.get()) / 1000);
            } else {
                onFrame(receiver, frame, duplicates, outOfOrder);
            }
        }, () -> {
            if (receiver.resumedAtNanos != 0 && !receiver.done) {
                CLOSED_AFTER_RESUME.incrementAndGet();
                reconnect(balancer, receiver, killedAt, resume, duplicates, outOfOrder);
            } else if (receiver.resumedAtNanos == 0 && !receiver.done) { // closed before its resume finished (the server refused it): again, as a client would
                reconnect(balancer, receiver, killedAt, resume, duplicates, outOfOrder);
            }
        }).whenComplete((connection, error) -> {
            if (error != null && !receiver.done) {
                reconnect(balancer, receiver, killedAt, resume, duplicates, outOfOrder); // the balancer had not noticed yet
            } else if (error == null) {
                connection.send("{\"type\":\"resume\",\"positions\":" + positions + "}");
            }
        });
    }

    private static void kill(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            System.out.println("  killed node PID " + pid + " (SIGKILL)");
        } catch (Exception e) {
            throw new IllegalStateException("cannot kill the node in " + pidFile + ": " + e, e);
        }
    }
}
