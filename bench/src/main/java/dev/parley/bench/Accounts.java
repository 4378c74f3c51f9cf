package dev.parley.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/** Real accounts, created and logged in through the REST API. */
final class Accounts {

    record Account(String userId, String username, String token) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    private int counter;

    Accounts(String base) {
        this.base = base;
    }

    /** {@code n} new users, at most 32 requests in flight. */
    List<Account> create(int n, String prefix) throws Exception {
        Semaphore inFlight = new Semaphore(32);
        List<CompletableFuture<Account>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String username = (prefix + "-" + runId + "-" + counter++).toLowerCase();
            inFlight.acquire();
            futures.add(create(username).whenComplete((a, e) -> inFlight.release()));
        }
        List<Account> accounts = new ArrayList<>();
        for (CompletableFuture<Account> f : futures) {
            accounts.add(f.get());
        }
        return accounts;
    }

    private CompletableFuture<Account> create(String username) {
        String credentials = "{\"username\":\"" + username + "\",\"password\":\"bench-password-" + username + "\"}";
        return post("/api/v1/auth/register", credentials, null)
                .thenCompose(registered -> post("/api/v1/auth/login", credentials, null)
                        .thenApply(login -> new Account(Json.string(registered, "userId"), username, Json.string(login, "accessToken"))));
    }

    /** GET {@code path} (already encoded) with the bearer token; fails on a status of 300 or more. */
    CompletableFuture<String> get(String path, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        });
    }

    CompletableFuture<String> post(String path, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        });
    }
}
