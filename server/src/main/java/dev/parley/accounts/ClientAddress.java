package dev.parley.accounts;

import java.net.InetSocketAddress;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The client's address as the server sees it. Behind a trusted proxy, Spring's
 * {@code server.forward-headers-strategy} makes it the proxy's {@code X-Forwarded-For}; without
 * that setting a client cannot pick its own address by sending the header.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }
}
