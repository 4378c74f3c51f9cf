package dev.parley.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * A stand-in for a Zipkin server: accepts {@code POST /api/v2/spans} (Zipkin v2 JSON, as Brave's
 * reporter sends it) on a free port and keeps every span, for tests that follow a trace.
 */
public final class ZipkinReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<JsonNode> spans = new CopyOnWriteArrayList<>();

    private ZipkinReceiver(HttpServer server) {
        this.server = server;
    }

    public static ZipkinReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ZipkinReceiver receiver = new ZipkinReceiver(server);
            server.createContext("/api/v2/spans", receiver::accept);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v2/spans";
    }

    public List<JsonNode> spans() {
        return List.copyOf(spans);
    }

    private void accept(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            InputStream body = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            JsonNode posted = Json.MAPPER.readTree(body.readAllBytes());
            posted.forEach(spans::add);
            exchange.sendResponseHeaders(202, -1);
        } catch (RuntimeException e) {
            exchange.sendResponseHeaders(400, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
