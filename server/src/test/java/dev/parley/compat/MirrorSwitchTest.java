package dev.parley.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.log.LogMirror;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** When the mirror exists at all: off unless asked for, and only on archiver nodes. No broker needed. */
class MirrorSwitchTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(MirrorConfiguration.class);

    @Test
    void offByDefault() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MirrorConfiguration.class).doesNotHaveBean(LogMirror.class));
    }

    @Test
    void offWithTheWholeCompatGroup() {
        runner.withPropertyValues("parley.compat.enabled=false", "parley.compat.mirror.enabled=true")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(LogMirror.class));
    }

    @Test
    void offOnANodeThatIsNoArchiver() {
        runner.withPropertyValues("parley.compat.mirror.enabled=true", "parley.cluster.redis-url=redis://redis:6379", "parley.roles=gateway,router")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(LogMirror.class));
    }

    /** Switched on, the mirror is wanted: here it fails for want of the log's beans, which a node has. */
    @Test
    void onWhenAskedFor() {
        runner.withPropertyValues("parley.compat.mirror.enabled=true")
                .run(context -> assertThat(context).hasFailed().getFailure().hasMessageContaining("compatMirror"));
    }
}
