package dev.parley.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reconnect storm: {@code clients} members of a room drop their connections at once, messages are
 * sent to the room meanwhile, and all reconnect and resume together. Reports the time until every
 * client has finished its resume, and whether anyone missed or got twice a message.
 */
final class ReconnectScenario {

    private ReconnectScenario() {
    }

    static Result run(Target target, WsClients clients, Accounts.Account publisher, List<Accounts.Account> members,
                      String room, int messages) throws Exception {
        String conversation = "room:" + room;
        WsClients.Connection pub = joined(clients, publisher, room, frame -> { }).get();
        List<WsClients.Connection> first = new ArrayList<>();
        for (Accounts.Account member : members) {
            first.add(joined(clients, member, room, frame -> { }).get());
        }
        // Everyone is in; a first message gives everyone a position to resume from.
        AtomicLong acks = new AtomicLong();
        WsClients.Connection sender = clients.connect("/ws?token=" + publisher.token(), frame -> {
            if (Json.isType(frame, "message.ack")) {
                acks.incrementAndGet();
            }
        }, () -> { }).get();
        sender.send(send(conversation, -1));
        Wait.until(Duration.ofSeconds(30), () -> acks.get() == 1);
        first.forEach(WsClients.Connection::close);
        pub.close();
        for (int n = 0; n < messages; n++) {
            sender.send(send(conversation, n));
        }
        Wait.until(Duration.ofSeconds(60), () -> acks.get() == messages + 1);
        Accounting accounting = new Accounting();
        AtomicInteger done = new AtomicInteger();
        Latencies resync = new Latencies();
        ProcStats.CpuWindow cpu = target.cpu();
        long started = System.nanoTime();
        List<CompletableFuture<WsClients.Connection>> again = new ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            int member = m;
            again.add(clients.connect("/ws?resume=1&token=" + members.get(m).token(), frame -> {
                if (Json.isType(frame, "message.create")) {
                    String content = Json.string(frame, "content");
                    int n = Integer.parseInt(content.substring(content.indexOf('|') + 1));
                    if (n >= 0) {
                        accounting.received("member-" + member, n);
                    }
                } else if (Json.isType(frame, "resume.done")) {
                    resync.record((System.nanoTime() - started) / 1000);
                    done.incrementAndGet();
                }
            }, () -> { }).thenApply(c -> {
                c.send("{\"type\":\"resume\",\"positions\":{}}");
                return c;
            }));
        }
        List<WsClients.Connection> second = new ArrayList<>();
        for (CompletableFuture<WsClients.Connection> f : again) {
            second.add(f.get());
        }
        Wait.until(Duration.ofSeconds(120), () -> done.get() == members.size());
        double allResumed = (System.nanoTime() - started) / 1e9;
        // Messages not yet archived when a client resumed reach it live, after resume.done: wait for them too.
        Wait.until(Duration.ofSeconds(120), () -> accounting.received() >= (long) messages * members.size());
        double allResynced = (System.nanoTime() - started) / 1e9;
        Result result = target.withServerStats(Result.of("reconnect", target.name()), cpu);
        long lost = 0;
        for (int m = 0; m < members.size(); m++) {
            lost += accounting.lost("member-" + m, messages);
        }
        second.forEach(WsClients.Connection::close);
        sender.close();
        return result.param("clients", members.size()).param("missedMessages", messages).param("resumeFrom", "read position (no positions sent)")
                .metric("resumed", done.get()).metric("secondsUntilAllResumeDone", allResumed)
                .metric("secondsUntilAllHaveEveryMessage", allResynced)
                .metric("delivered", accounting.received()).metric("lost", lost)
                .metric("duplicates", accounting.duplicates()).metric("outOfOrder", accounting.outOfOrder())
                .latency("resync", resync);
    }

    private static String send(String conversation, int n) {
        return "{\"type\":\"message.send\",\"clientMsgId\":\"s." + n + "." + System.nanoTime() + "\",\"conversationId\":\""
                + conversation + "\",\"content\":\"s|" + n + "\"}";
    }

    private static CompletableFuture<WsClients.Connection> joined(WsClients clients, Accounts.Account account, String room,
                                                                  java.util.function.Consumer<String> onText) {
        CompletableFuture<Void> joined = new CompletableFuture<>();
        return clients.connect("/ws?token=" + account.token(), frame -> {
            if (frame.startsWith("{\"type\":\"room.joined\"")) {
                joined.complete(null);
            }
            onText.accept(frame);
        }, () -> { }).thenCompose(c -> {
            c.send("{\"type\":\"room.join\",\"room\":\"" + room + "\"}");
            return joined.thenApply(ignored -> c);
        });
    }
}
