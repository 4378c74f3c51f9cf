package dev.parley.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code java -jar parley-bench.jar drain [--clients=2000] [--rate=2000] [--load-seconds=10] [--parley-jar=JAR]}: a node
 * (fresh data, H2, embedded broker) with {@code clients} connections sending direct messages to
 * each other at {@code rate} msg/s in total gets SIGTERM under that load. Measured: time from
 * SIGTERM to readiness DOWN, to the first and last close, to the process's exit; the close codes;
 * sends left unanswered; WARN and ERROR lines the node logged while stopping; and, after a restart
 * on the same data directory, every acked message looked up in REST history.
 */
final class DrainRun {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One connection and everything it saw; guarded by itself (its frames arrive on one event loop). */
    private static final class Client {
        final Accounts.Account account;
        final Map<Integer, Long> sentAt = new HashMap<>();
        final Map<Integer, String> answers = new HashMap<>(); // "ack" or the error code
        final Set<Long> received = new HashSet<>(); // sender * 1_000_000 + n
        volatile WsClients.Connection connection;
        volatile long closedAt;
        volatile int closeCode;
        volatile String closeReason = "";
        long lastAckAt;
        long lastDeliveryAt;
        int next;

        Client(Accounts.Account account) {
            this.account = account;
        }
    }

    private DrainRun() {
    }

    static void run(String[] args) throws Exception {
        int clients = intOption(args, "--clients", 2000);
        double rate = intOption(args, "--rate", 2000);
        int loadSeconds = intOption(args, "--load-seconds", 10);
        Path jar = Path.of(java.util.Arrays.stream(args).filter(a -> a.startsWith("--parley-jar=")).map(a -> a.substring(13))
                .findFirst().orElse("server/target/parley.jar")); // another build, e.g. the code before a change
        Path dataDir = Files.createTempDirectory("parley-drain-");
        System.out.printf("drain: %d clients, %.0f msg/s for %d s, then SIGTERM (data in %s)%n", clients, rate, loadSeconds, dataDir);
        // The stop's own lines (the bench logs only WARN and above otherwise): the drain's stages and the beans as they stop.
        Map<String, String> stages = Map.of("LOGGING_LEVEL_DEV_PARLEY_GATEWAY", "INFO", "LOGGING_LEVEL_DEV_PARLEY_SYSTEM", "DEBUG");
        ServerProcess server = ServerProcess.parley(jar, Bench.freePort(), Bench.freePort(), dataDir, "", "", stages);
        String base = "http://127.0.0.1:" + server.port();
        List<Accounts.Account> accounts = new Accounts(base).create(clients - clients % 2, "drain");
        List<Client> all = accounts.stream().map(Client::new).toList();
        Map<String, String> conversationToken = new ConcurrentHashMap<>();
        Map<String, Set<String>> acked = new ConcurrentHashMap<>();
        try (WsClients ws = new WsClients("127.0.0.1", server.port(), 2, 1)) {
            for (int i = 0; i < all.size(); i++) {
                Client client = all.get(i);
                client.connection = ws.connect("/ws?token=" + client.account.token(), frame -> onFrame(client, frame, acked, conversationToken),
                        (code, reason) -> {
                            client.closeCode = code;
                            client.closeReason = reason;
                            client.closedAt = System.nanoTime();
                        }).get(30, TimeUnit.SECONDS);
            }
            System.out.println("  " + all.size() + " connected");
            AtomicLong terminatedAt = new AtomicLong();
            Thread pacer = new Thread(() -> Pacer.run(rate, loadSeconds + 60, i -> send(all, (int) (i % all.size()))), "drain-pacer");
            pacer.setDaemon(true);
            pacer.start();
            Thread.sleep(loadSeconds * 1000L);
            AtomicLong readinessDownAt = new AtomicLong();
            Thread readiness = new Thread(() -> pollReadiness(base, readinessDownAt), "drain-readiness");
            readiness.setDaemon(true);
            readiness.start();
            terminatedAt.set(System.nanoTime());
            server.terminate();
            boolean exited = Wait.until(Duration.ofSeconds(60), () -> server.exited());
            long exitAt = System.nanoTime();
            pacer.interrupt();
            Wait.until(Duration.ofSeconds(5), () -> all.stream().allMatch(c -> c.closedAt != 0));
            long t0 = terminatedAt.get();
            Path log = dataDir.resolve("parley.log");
            Path firstLog = dataDir.resolve("parley-drained.log");
            Files.move(log, firstLog);
            Map<String, Set<String>> unanswered = report(all, t0, readinessDownAt.get(), exited ? exitAt : 0, firstLog, acked);
            unanswered.keySet().forEach(c -> conversationToken.putIfAbsent(c, tokenOf(all, c)));
            StoredHistory.Found found = StoredHistory.check(jar, dataDir, acked, unanswered, conversationToken);
            System.out.printf("  after restart: %d acked messages looked up in history, %d missing; %d unanswered looked up, %d of them stored%n",
                    found.ackedLookedUp(), found.ackedMissing(), found.unansweredLookedUp(), found.unansweredStored());
        }
    }

    private static void send(List<Client> all, int index) {
        Client client = all.get(index);
        Client partner = all.get(index ^ 1);
        if (client.closedAt != 0 || client.connection == null || !client.connection.isOpen()) {
            return;
        }
        int n;
        synchronized (client) {
            n = client.next++;
            client.sentAt.put(n, System.nanoTime());
        }
        client.connection.send("{\"type\":\"message.send\",\"clientMsgId\":\"d." + index + "." + n + "\",\"to\":\""
                + partner.account.userId() + "\",\"content\":\"drain|" + index + "|" + n + "\"}");
    }

    private static void onFrame(Client client, String frame, Map<String, Set<String>> acked, Map<String, String> conversationToken) {
        long now = System.nanoTime();
        synchronized (client) {
            if (Json.isType(frame, "message.ack")) {
                String[] id = Json.string(frame, "clientMsgId").split("\\.");
                client.answers.put(Integer.parseInt(id[2]), "ack");
                client.lastAckAt = now;
                String conversation = Json.string(frame, "conversationId");
                conversationToken.putIfAbsent(conversation, client.account.token());
                acked.computeIfAbsent(conversation, c -> ConcurrentHashMap.newKeySet()).add(Json.string(frame, "serverMsgId"));
            } else if (Json.isType(frame, "error")) {
                String ref = Json.string(frame, "ref");
                if (ref != null && ref.startsWith("d.")) {
                    client.answers.put(Integer.parseInt(ref.split("\\.")[2]), Json.string(frame, "code"));
                }
            } else if (Json.isType(frame, "message.create")) {
                String[] c = Json.string(frame, "content").split("\\|");
                client.received.add(Long.parseLong(c[1]) * 1_000_000 + Long.parseLong(c[2]));
                client.lastDeliveryAt = now;
            }
        }
    }

    private static void pollReadiness(String base, AtomicLong downAt) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build();
        while (downAt.get() == 0) {
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                    downAt.set(System.nanoTime());
                }
            } catch (Exception e) {
                downAt.set(System.nanoTime()); // refused: no longer listening
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Prints the figures; returns the unanswered sends, as the serverMsgIds they would have, by conversation. */
    private static Map<String, Set<String>> report(List<Client> all, long t0, long readinessDown, long exitAt, Path log,
                                                   Map<String, Set<String>> acked) throws Exception {
        Map<String, Set<String>> unansweredIds = new HashMap<>();
        Map<String, Integer> closes = new TreeMap<>();
        Map<String, Integer> answers = new TreeMap<>();
        long firstClose = Long.MAX_VALUE;
        long lastClose = 0;
        long sent = 0;
        long unanswered = 0;
        long lastAck = 0;
        long lastDelivery = 0;
        long ackedAfterLastDelivery = 0;
        long ackedNotDeliveredLive = 0;
        for (int i = 0; i < all.size(); i++) {
            Client c = all.get(i);
            Client partner = all.get(i ^ 1);
            synchronized (c) {
                closes.merge(c.closeCode + " " + c.closeReason, 1, Integer::sum);
                if (c.closedAt != 0) {
                    firstClose = Math.min(firstClose, c.closedAt);
                    lastClose = Math.max(lastClose, c.closedAt);
                }
                sent += c.sentAt.size();
                for (int n : c.sentAt.keySet()) {
                    String answer = c.answers.get(n);
                    answers.merge(answer == null ? "unanswered" : answer, 1, Integer::sum);
                    if (answer == null) {
                        unanswered++;
                        unansweredIds.computeIfAbsent(conversation(c, partner), k -> new HashSet<>())
                                .add(StoredHistory.serverMsgId(c.account.userId(), "d." + i + "." + n));
                    } else if (answer.equals("ack")) {
                        synchronized (partner) {
                            if (!partner.received.contains((long) i * 1_000_000 + n)) {
                                ackedNotDeliveredLive++;
                            }
                        }
                    }
                }
                lastAck = Math.max(lastAck, c.lastAckAt);
                lastDelivery = Math.max(lastDelivery, c.lastDeliveryAt);
            }
        }
        for (Client c : all) {
            synchronized (c) {
                if (c.lastAckAt > lastDelivery) {
                    ackedAfterLastDelivery++; // a client whose last ack came after the last delivery anyone got
                }
            }
        }
        List<String> lines = Files.readAllLines(log);
        long warn = lines.stream().filter(l -> l.contains(" WARN ")).count();
        long error = lines.stream().filter(l -> l.contains(" ERROR ")).count();
        System.out.printf("  SIGTERM -> readiness DOWN %s, first close %s, last close %s, exit %s%n", ms(t0, readinessDown),
                ms(t0, firstClose == Long.MAX_VALUE ? 0 : firstClose), ms(t0, lastClose), ms(t0, exitAt));
        System.out.printf("  last ack %s, last delivery %s; clients whose last ack came after the last delivery: %d%n",
                ms(t0, lastAck), ms(t0, lastDelivery), ackedAfterLastDelivery);
        System.out.println("  close codes: " + closes);
        System.out.println("  sends: " + sent + " " + answers + "; acked but not delivered live: " + ackedNotDeliveredLive);
        System.out.printf("  node log (%s): %d WARN, %d ERROR lines%n", log, warn, error);
        lines.stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).map(l -> l.length() > 220 ? l.substring(0, 220) : l)
                .map(l -> l.replaceFirst("^\\S+\\s+", "")).collect(java.util.stream.Collectors.groupingBy(l -> l.replaceAll("[0-9]+", "N"),
                        TreeMap::new, java.util.stream.Collectors.counting()))
                .forEach((line, count) -> System.out.println("    " + count + " x " + line));
        System.out.println("  acked messages: " + acked.values().stream().mapToInt(Set::size).sum() + ", unanswered: " + unanswered);
        return unansweredIds;
    }

    private static String conversation(Client a, Client b) {
        String x = a.account.userId();
        String y = b.account.userId();
        return x.compareTo(y) < 0 ? "dm:" + x + ":" + y : "dm:" + y + ":" + x;
    }

    private static String tokenOf(List<Client> all, String conversation) {
        return all.stream().filter(c -> conversation.contains(c.account.userId())).findFirst().orElseThrow().account.token();
    }

    private static String ms(long t0, long at) {
        return at == 0 ? "never" : String.format("%.0f ms", (at - t0) / 1e6);
    }

    private static int intOption(String[] args, String name, int fallback) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return Integer.parseInt(arg.substring(name.length() + 1).replace("_", ""));
            }
        }
        return fallback;
    }
}
