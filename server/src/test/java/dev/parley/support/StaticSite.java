package dev.parley.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Another web site: serves the files of one directory on a free port of 127.0.0.1, so a browser
 * test can load a page whose origin is not Parley's (a third-party client page).
 */
public final class StaticSite implements AutoCloseable {

    private final HttpServer server;
    private final Path root;

    private StaticSite(HttpServer server, Path root) {
        this.server = server;
        this.root = root;
    }

    public static StaticSite serve(Path root) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            StaticSite site = new StaticSite(server, root.toAbsolutePath().normalize());
            server.createContext("/", site::respond);
            server.start();
            return site;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, as a browser sends it in {@code Origin}. */
    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void respond(HttpExchange exchange) throws IOException {
        try (exchange) {
            Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!"GET".equals(exchange.getRequestMethod()) || !file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.getResponseHeaders().set("Content-Type", file.toString().endsWith(".html") ? "text/html; charset=utf-8" : "application/octet-stream");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
