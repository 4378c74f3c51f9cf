package dev.parley.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A whole Parley node in its own JVM, started from the fat jar exactly as `bin/parley` starts it,
 * for tests that must kill a node for real ({@link #kill9()}: SIGKILL, no shutdown hook, no flush).
 * The node runs on a free port picked here, with its output in a log file in its data directory;
 * a new {@code NodeProcess} on the same data directory (and database) is a restart.
 */
public final class NodeProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120); // 2 cores shared with other JVMs can make a start slow
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path dataDir;
    private final Map<String, String> extra;
    private final Map<String, String> environment;
    private final int port;
    private final Path log;
    private final Thread reaper = new Thread(this::destroyNow, "node-process-reaper");
    private Process process;

    /** A node (not yet started) on {@code dataDir} with {@link TestSettings#COMMON} plus {@code extra}. */
    public NodeProcess(Path dataDir, Map<String, String> extra) {
        this(dataDir, extra, Map.of());
    }

    /** The same, with these environment variables added to the node's (e.g. {@code LOGGING_STRUCTURED_FORMAT_CONSOLE}). */
    public NodeProcess(Path dataDir, Map<String, String> extra, Map<String, String> environment) {
        this.dataDir = dataDir.toAbsolutePath();
        this.extra = Map.copyOf(extra);
        this.environment = Map.copyOf(environment);
        this.port = freePort();
        this.log = nextLogFile(this.dataDir);
    }

    /**
     * Starts the JVM and waits until {@code /health} answers 200. If the node exits or is not
     * ready in time, it is killed and the failure carries the end of its log.
     */
    public NodeProcess start() {
        ProcessBuilder builder = new ProcessBuilder(command())
                .directory(dataDir.toFile()) // no stray application.yml from the test's working directory
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + String.join(" ", builder.command()), e);
        }
        Runtime.getRuntime().addShutdownHook(reaper); // never leave a node behind when the test JVM exits
        try {
            Awaitility.await("node on port " + port + " healthy").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("the node exited with code " + process.exitValue() + " before it was ready; "
                                    + describeLog());
                        }
                        return healthy();
                    });
        } catch (ConditionTimeoutException e) {
            destroyNow();
            throw new AssertionError("the node was not healthy within " + START_TIMEOUT.toSeconds() + " s; " + describeLog(), e);
        } catch (RuntimeException | Error e) {
            destroyNow();
            throw e;
        }
        return this;
    }

    public int port() {
        return port;
    }

    public TestApi api() {
        return new TestApi(port);
    }

    /** The node's stdout and stderr. */
    public Path log() {
        return log;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Where the log is and how it ends, for assertion messages. */
    public String describeLog() {
        return "node log " + log + ", last lines:\n" + tail(40);
    }

    /** SIGKILL (on Linux): the node gets no chance to flush, close or leave its consumer group. */
    public void kill9() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
        Runtime.getRuntime().removeShutdownHook(reaper);
    }

    /** SIGTERM (as an orchestrator stops a node), without waiting: the node drains and exits by itself ({@link #awaitExit}). */
    public void terminate() {
        process.destroy();
    }

    /** Stops the node gracefully (SIGTERM, as Ctrl-C would), and forcibly if it does not exit in time. */
    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!awaitExit(Duration.ofSeconds(45))) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(30));
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException ignored) {
            // the JVM is already shutting down: the hook runs anyway
        }
    }

    private List<String> command() {
        Path module = serverModule();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow"); // as bin/jdk.sh: Netty and Kafka still use it
        }
        command.add("@" + module.resolve("jvm.options"));
        command.add("-jar");
        command.add(module.resolve("target/parley.jar").toString());
        Map<String, String> settings = new HashMap<>(TestSettings.COMMON);
        settings.put("server.port", Integer.toString(port));
        settings.put("parley.kafka.embedded-port", "0");
        settings.put("parley.data-dir", dataDir.toString());
        settings.putAll(extra);
        settings.forEach((key, value) -> command.add("--" + key + "=" + value));
        return command;
    }

    /** The server module: Failsafe runs in {@code server/}, an IDE may run in the repository root. */
    private static Path serverModule() {
        for (Path candidate : List.of(Path.of(""), Path.of("server"))) {
            Path module = candidate.toAbsolutePath();
            if (Files.isRegularFile(module.resolve("jvm.options")) && Files.isRegularFile(module.resolve("target/parley.jar"))) {
                return module;
            }
        }
        throw new IllegalStateException("no server/target/parley.jar next to server/jvm.options from " + Path.of("").toAbsolutePath()
                + ": run `mvnw package` first (Failsafe runs after it)");
    }

    private boolean healthy() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether the process ended within {@code timeout}. */
    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void destroyNow() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(30));
        }
    }

    private String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static Path nextLogFile(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int n = 1; ; n++) {
            Path candidate = dataDir.resolve("node-" + n + ".log");
            if (!Files.exists(candidate)) {
                return candidate;
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) { // the node listens on every interface
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
