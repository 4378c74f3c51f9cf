package dev.parley.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * After a run that stopped a node: restarts it on the same data directory and looks messages up
 * in REST history, to count acked messages that were lost and unanswered ones that were stored.
 */
final class StoredHistory {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** What the look-up found. */
    record Found(long ackedLookedUp, long ackedMissing, long unansweredLookedUp, long unansweredStored) {
    }

    private StoredHistory() {
    }

    /** {@code acked} and {@code unanswered}: serverMsgIds by conversation; {@code tokens}: a member's token per conversation. */
    static Found check(Path jar, Path dataDir, Map<String, Set<String>> acked, Map<String, Set<String>> unanswered,
                       Map<String, String> tokens) throws Exception {
        long lookedUp = 0;
        long missing = 0;
        long unansweredLookedUp = 0;
        long unansweredStored = 0;
        ServerProcess again = ServerProcess.parley(jar, Bench.freePort(), Bench.freePort(), dataDir, "", "", Map.of());
        try {
            String base = "http://127.0.0.1:" + again.port();
            Set<String> conversations = new HashSet<>(acked.keySet());
            conversations.addAll(unanswered.keySet());
            for (String conversation : conversations) {
                Set<String> stored = ids(base, conversation, tokens.get(conversation));
                for (String id : acked.getOrDefault(conversation, Set.of())) {
                    lookedUp++;
                    missing += stored.contains(id) ? 0 : 1;
                }
                for (String id : unanswered.getOrDefault(conversation, Set.of())) {
                    unansweredLookedUp++;
                    unansweredStored += stored.contains(id) ? 1 : 0;
                }
            }
        } finally {
            again.close();
        }
        return new Found(lookedUp, missing, unansweredLookedUp, unansweredStored);
    }

    /** As the server derives it: a retry of the same send names the same message. */
    static String serverMsgId(String userId, String clientMsgId) {
        return java.util.UUID.nameUUIDFromBytes((userId + "/" + clientMsgId).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    private static Set<String> ids(String base, String conversation, String token) throws Exception {
        Set<String> ids = new HashSet<>();
        long after = -1;
        while (true) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/conversations/" + conversation
                    + "/messages?limit=200&after=" + after)).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 503) {
                Thread.sleep(200); // starting: the node re-reads the newest part of the log first
                continue;
            }
            String body = response.body();
            for (int at = body.indexOf("\"serverMsgId\":\""); at >= 0; at = body.indexOf("\"serverMsgId\":\"", at + 1)) {
                ids.add(body.substring(at + 15, body.indexOf('"', at + 15)));
            }
            if (body.contains("\"newerAfter\":null")) {
                return ids;
            }
            after = Json.number(body, "newerAfter");
        }
    }
}
