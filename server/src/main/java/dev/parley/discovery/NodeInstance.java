package dev.parley.discovery;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import dev.parley.system.Role;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.cloud.netflix.eureka.EurekaInstanceConfigBean;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * What this node tells Eureka about itself: its node id as the instance id, its roles, and (on a
 * gateway) the WebSocket URL clients connect to. The URL needs the port the server really listens
 * on, known only when it has started. Spring Cloud registers on the same event and only then builds
 * the instance it sends from this config (its client is created lazily, in the refresh scope, which
 * is why EurekaSwitch leaves that scope on when discovery is on), so this listener runs first.
 */
final class NodeInstance implements ApplicationListener<WebServerInitializedEvent>, Ordered {

    static final String WS_URL = "ws-url";
    static final String ROLES = "roles";
    static final String NODE_ID = "node-id";

    private final EurekaInstanceConfigBean instance;
    private final Set<Role> roles;

    NodeInstance(EurekaInstanceConfigBean instance, String nodeId, Set<Role> roles) {
        this.instance = instance;
        this.roles = roles;
        instance.setInstanceId(nodeId);
        instance.getMetadataMap().put(NODE_ID, nodeId);
        instance.getMetadataMap().put(ROLES, roles.stream().map(role -> role.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(",")));
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (roles.contains(Role.GATEWAY) && !"management".equals(event.getApplicationContext().getServerNamespace())) {
            // An operator's eureka.instance.metadata-map.ws-url (e.g. wss:// behind a TLS proxy) wins.
            instance.getMetadataMap().putIfAbsent(WS_URL, "ws://" + instance.getHostName(false) + ":" + event.getWebServer().getPort() + "/ws");
        }
    }

    /** Before Spring Cloud's EurekaAutoServiceRegistration (order 0), which registers on this event. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
