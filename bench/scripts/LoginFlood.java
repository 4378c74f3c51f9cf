import java.net.*;
import java.net.http.*;
import java.time.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

/**
 * Another user's ack latency while 300 wrong passwords arrive, 30 at a time (docs/security.md, "Logins").
 * Start a node (bin/parley --server.port=18090), then: java bench/scripts/LoginFlood.java 18090
 */
public class LoginFlood {
    static HttpClient http = HttpClient.newHttpClient();
    static String base;

    static HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String field(String json, String name) {
        int i = json.indexOf("\"" + name + "\":\"") + name.length() + 4;
        return json.substring(i, json.indexOf('"', i));
    }

    public static void main(String[] args) throws Exception {
        base = "http://127.0.0.1:" + args[0];
        String suffix = Long.toString(System.nanoTime() % 1_000_000, 36);
        String[] names = {"alice" + suffix, "bob" + suffix};
        for (String n : names) post("/api/v1/auth/register", "{\"username\":\"" + n + "\",\"password\":\"correct-horse-1\"}");
        String token = field(post("/api/v1/auth/login", "{\"username\":\"" + names[0] + "\",\"password\":\"correct-horse-1\"}").body(), "accessToken");
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> quiet = Collections.synchronizedList(new ArrayList<>());
        List<Long> flooded = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean flooding = new AtomicBoolean();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + args[0] + "/ws?token=" + token), new WebSocket.Listener() {
            StringBuilder buf = new StringBuilder();
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                buf.append(data);
                if (last) {
                    String s = buf.toString(); buf.setLength(0);
                    if (s.contains("\"message.ack\"")) {
                        Long t = sentAt.remove(field(s, "clientMsgId"));
                        if (t != null) (flooding.get() ? flooded : quiet).add(System.nanoTime() - t);
                    }
                }
                w.request(1);
                return null;
            }
        }).join();
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger n = new AtomicInteger();
        sender.scheduleAtFixedRate(() -> {
            String id = "m" + n.incrementAndGet();
            sentAt.put(id, System.nanoTime());
            ws.sendText("{\"type\":\"message.send\",\"clientMsgId\":\"" + id + "\",\"to\":\"" + names[1] + "\",\"content\":\"hi\"}", true);
        }, 0, 50, TimeUnit.MILLISECONDS);
        Thread.sleep(5000);
        flooding.set(true);
        ExecutorService pool = Executors.newFixedThreadPool(30);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int k = i;
            fs.add(pool.submit(() -> {
                try {
                    // half against the real account (per-account back-off), half against made-up names (per-address back-off)
                    String user = k % 2 == 0 ? names[1] : "nobody" + k + suffix;
                    int s = post("/api/v1/auth/login", "{\"username\":\"" + user + "\",\"password\":\"wrong-" + k + "\"}").statusCode();
                    statuses.computeIfAbsent(s, x -> new AtomicInteger()).incrementAndGet();
                } catch (Exception e) { statuses.computeIfAbsent(-1, x -> new AtomicInteger()).incrementAndGet(); }
            }));
        }
        for (Future<?> f : fs) f.get();
        double floodSeconds = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(1000);
        flooding.set(false);
        sender.shutdown();
        pool.shutdown();
        System.out.printf("flood: 300 logins in %.2f s, statuses %s%n", floodSeconds, statuses);
        System.out.println("ack latency before the flood: " + summary(quiet));
        System.out.println("ack latency during the flood: " + summary(flooded));
        System.exit(0);
    }

    static String summary(List<Long> nanos) {
        List<Long> s = new ArrayList<>(nanos); Collections.sort(s);
        if (s.isEmpty()) return "none";
        return String.format("n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms", s.size(), s.get(s.size() / 2) / 1e6, s.get((int) (s.size() * 0.99)) / 1e6, s.get(s.size() - 1) / 1e6);
    }
}
