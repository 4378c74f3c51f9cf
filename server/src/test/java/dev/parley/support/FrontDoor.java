package dev.parley.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A load balancer's part in a test: a TCP proxy on a free port that sends each new connection to
 * the node it currently points at. When that node dies, its connections close (the client sees
 * what it would see behind nginx) and {@link #pointAt} sends the reconnects to a survivor.
 */
public final class FrontDoor implements AutoCloseable {

    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile int target;

    public FrontDoor(int target) {
        this.target = target;
        try {
            this.server = new ServerSocket();
            server.bind(new InetSocketAddress("127.0.0.1", 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("front-door").start(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** New connections go to {@code port} from now on. */
    public void pointAt(int port) {
        this.target = port;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket node;
                try {
                    node = new Socket("127.0.0.1", target);
                } catch (IOException e) {
                    client.close(); // what a client sees when the balancer has no node to offer
                    continue;
                }
                open.add(client);
                open.add(node);
                Thread.ofVirtual().start(() -> pipe(client, node));
                Thread.ofVirtual().start(() -> pipe(node, client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Copies one way until either side ends, then closes both. */
    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(this::closeQuietly);
    }
}
