package dev.parley.discovery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.netflix.appinfo.HealthCheckHandler;
import com.netflix.appinfo.InstanceInfo.InstanceStatus;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The status this node reports to Eureka is what its registered health check URL answers, asked
 * the way a load balancer asks: 200 ({@code UP} or {@code DEGRADED}, still serving) is UP, anything
 * else (503 {@code DOWN}, no answer in time) is DOWN. Eureka's client calls this on its own thread
 * at every instance-info replication (eureka.client.instance-info-replication-interval-seconds).
 * Once the context closes it reports nothing, so the DOWN that Spring Cloud sets when a stop begins
 * is not turned back into UP while the node drains.
 */
final class NodeHealthCheck implements HealthCheckHandler, ApplicationListener<ContextClosedEvent>, Ordered, DisposableBean {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Environment environment;
    private final String path;
    private volatile boolean closing;

    NodeHealthCheck(Environment environment, String path) {
        this.environment = environment;
        this.path = path;
    }

    @Override
    public InstanceStatus getStatus(InstanceStatus current) {
        Integer port = environment.getProperty("local.server.port", Integer.class);
        if (closing || port == null) {
            return null;
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(uri(port)).timeout(TIMEOUT).GET().build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            // A probe that was under way when the stop began must not overwrite its DOWN.
            return closing ? null : status == 200 ? InstanceStatus.UP : InstanceStatus.DOWN;
        } catch (IOException e) {
            return closing ? null : InstanceStatus.DOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The node itself: its bind address, or loopback when it listens on every interface. */
    private URI uri(int port) throws UnknownHostException {
        String address = environment.getProperty("server.address", "");
        String host = address.isBlank() || InetAddress.getByName(address).isAnyLocalAddress() ? "127.0.0.1" : address;
        try {
            return new URI("http", null, host, port, path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("eureka.instance.health-check-url-path must be a path, got '" + path + "'", e);
        }
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        closing = true;
    }

    /** Before Spring Cloud's EurekaAutoServiceRegistration (order 0), which sets DOWN on this event. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void destroy() {
        http.shutdownNow();
    }
}
