package dev.parley.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;

/** A REST client for one running node, speaking JSON over real HTTP. */
public final class TestApi {

    public record Response(int status, JsonNode body) {
    }

    /** A registered user and a fresh access token. */
    public record Account(UUID id, String username, String password, String token) {
    }

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    public TestApi(int port) {
        this.port = port;
    }

    public int port() {
        return port;
    }

    /** A username no other test in this JVM run uses. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + COUNTER.incrementAndGet();
    }

    public Response post(String path, Object body) {
        return post(path, body, null);
    }

    public Response post(String path, Object body, String token) {
        HttpRequest.Builder request = request(path, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body)));
        return send(request.build());
    }

    /** Any method, with a JSON body (or none) and extra headers. */
    public Response call(String method, String path, Object body, String token, Map<String, String> headers) {
        HttpRequest.Builder request = request(path, token);
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body)));
        }
        return send(request.build());
    }

    public Response get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    public Account register(String prefix) {
        String username = uniqueName(prefix);
        String password = "correct-horse-" + username;
        Response registered = post("/api/v1/auth/register", Map.of("username", username, "password", password));
        if (registered.status() != 201) {
            throw new AssertionError("register failed: " + registered);
        }
        return new Account(UUID.fromString(registered.body().get("userId").asString()), username, password, login(username, password));
    }

    public String login(String username, String password) {
        Response login = post("/api/v1/auth/login", Map.of("username", username, "password", password));
        if (login.status() != 200) {
            throw new AssertionError("login failed: " + login);
        }
        return login.body().get("accessToken").asString();
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Response(response.statusCode(), body == null || body.isBlank() ? null : Json.read(body));
        } catch (Exception e) {
            throw new AssertionError("HTTP request to " + request.uri() + " failed", e);
        }
    }
}
