package dev.parley.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class RoleTest {

    @Test
    void everyRoleByDefault() {
        assertThat(Role.of(new MockEnvironment())).isEqualTo(EnumSet.allOf(Role.class));
    }

    @Test
    void aClusterNodeMayTakeSomeRolesWrittenEitherWay() {
        MockEnvironment env = new MockEnvironment().withProperty("parley.cluster.redis-url", "redis://r:6379");
        assertThat(Role.of(env.withProperty("parley.roles", "gateway, router"))).containsExactly(Role.GATEWAY, Role.ROUTER);
        MockEnvironment list = new MockEnvironment().withProperty("parley.cluster.redis-url", "redis://r:6379")
                .withProperty("parley.roles[0]", "archiver");
        assertThat(Role.of(list)).containsExactly(Role.ARCHIVER);
    }

    @Test
    void aNodeAloneMustHaveEveryRole() {
        assertThatThrownBy(() -> Role.of(new MockEnvironment().withProperty("parley.roles", "gateway")))
                .hasMessageContaining("a node alone must be gateway, router and archiver");
    }

    @Test
    void anUnknownRoleIsRefused() {
        MockEnvironment env = new MockEnvironment().withProperty("parley.cluster.redis-url", "redis://r:6379")
                .withProperty("parley.roles", "gateway,chef");
        assertThatThrownBy(() -> Role.of(env)).hasMessageContaining("parley.roles");
    }
}
