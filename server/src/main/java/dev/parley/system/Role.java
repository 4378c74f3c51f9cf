package dev.parley.system;

import java.util.EnumSet;
import java.util.Set;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * What a node does ({@code parley.roles}, default all three). In a cluster the work can be split:
 * gateways hold the WebSockets and serve REST, routers route the log's partitions, archivers write
 * the SQL archive. A node alone must have every role.
 */
public enum Role {
    GATEWAY, ROUTER, ARCHIVER;

    /** The roles configured, however they were written (a list, or one comma-separated value). */
    public static Set<Role> of(Environment environment) {
        Set<Role> roles = Binder.get(environment).bind("parley.roles", Bindable.setOf(Role.class)).orElse(EnumSet.allOf(Role.class));
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("parley.roles must name at least one of gateway, router, archiver");
        }
        boolean clustered = !Binder.get(environment).bind("parley.cluster.redis-url", String.class).orElse("").isBlank();
        if (!clustered && !roles.equals(EnumSet.allOf(Role.class))) {
            throw new IllegalArgumentException("parley.roles=" + roles + " needs cluster mode (parley.cluster.redis-url): "
                    + "a node alone must be gateway, router and archiver");
        }
        return EnumSet.copyOf(roles);
    }
}
