package dev.parley.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A server under test, started as its own process (so its CPU and memory are its own): Parley from
 * its jar, or the bench's own broadcast server. Knows its PID for {@link ProcStats}.
 */
public final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Parley with an embedded broker on {@code kafkaPort}, fresh data, and cheap password hashing
     * (accounts are created in bulk), and no send quota: scenarios drive up to 200 sends a second per
     * connection, ten times the default. {@code environment} adds settings, e.g. PARLEY_DATABASE_URL.
     */
    static ServerProcess parley(Path jar, int port, int kafkaPort, Path dataDir, String heap, String extraJvm,
                                Map<String, String> environment) throws Exception {
        List<String> command = java(heap);
        // The node's own JVM options (GC settings), as bin/parley passes them: server/jvm.options beside server/target/.
        Path jvmOptions = jar.toAbsolutePath().getParent().resolveSibling("jvm.options");
        if (Files.isRegularFile(jvmOptions)) {
            command.add("@" + jvmOptions);
        }
        if (!extraJvm.isBlank()) {
            command.add(extraJvm);
        }
        command.addAll(List.of("-jar", jar.toString(),
                "--server.port=" + port, "--parley.data-dir=" + dataDir, "--parley.kafka.embedded-port=" + kafkaPort,
                "--parley.auth.bcrypt-strength=4", "--parley.auth.token-lifetime=12h", "--logging.level.root=WARN", "--logging.level.dev.parley=WARN",
                // Every bench client comes from this one address and sends up to 200 msg/s: the quotas would refuse most of them.
                "--parley.limits.messages-per-second=1000000", "--parley.limits.message-burst=1000000",
                "--parley.limits.gateway.connections-per-address=1000000", "--parley.limits.gateway.sessions-per-user=1000",
                "--parley.limits.registration.per-address-per-hour=1000000000", "--parley.limits.registration.burst=1000000",
                "--parley.limits.rooms.created-per-hour=1000000"));
        return start(command, environment, port, dataDir.resolve("parley.log"), "/health");
    }

    /** The minimal WebSocket broadcast server in this jar (the transport ceiling). */
    static ServerProcess broadcast(Path benchJar, int port, Path logDir, String heap) throws Exception {
        List<String> command = java(heap);
        command.addAll(List.of("-jar", benchJar.toString(), "broadcast-server", String.valueOf(port)));
        return start(command, Map.of(), port, logDir.resolve("broadcast.log"), "/health");
    }

    private static List<String> java(String heap) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        if (heap != null && !heap.isBlank()) {
            command.add("-Xmx" + heap);
        }
        return command;
    }

    private static ServerProcess start(List<String> command, Map<String, String> environment, int port, Path log, String readyPath)
            throws Exception {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // The setup decides what the node runs on: a PARLEY_DATABASE_URL (or external Kafka) in the caller's shell must not leak in.
        builder.environment().keySet().removeIf(name -> name.startsWith("PARLEY_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        ServerProcess server = new ServerProcess(process, port);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited early; see " + log);
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + readyPath))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                // A node whose archive or routing lags says DEGRADED; it is serving all the same.
                if (response.statusCode() == 200 || Health.parse(response.body()).serving()) {
                    return server;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        server.close();
        throw new IllegalStateException("server did not become ready in 90 s; see " + log);
    }

    /** SIGTERM (on Linux), without waiting: the node drains and exits by itself. */
    void terminate() {
        process.destroy();
    }

    /** Whether the process has exited (not {@code onExit()}, whose every call is a new future completed asynchronously). */
    boolean exited() {
        return !process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
