package dev.parley.compat;

import dev.parley.log.LogMirror;
import dev.parley.log.LogReader;
import dev.parley.log.MessageTopic;
import dev.parley.system.ClusterSettings;
import dev.parley.system.OnRole;
import dev.parley.system.Role;
import dev.parley.system.SettingsCheck;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The mirror topic (docs/compatibility.md, "Mirror topic"): every message of the log copied, in the echo
 * shape, to {@code parley.compat.mirror.topic} for consumers written for such a topic. Only with
 * {@code parley.compat.mirror.enabled=true} (and the compat group on). The Kafka side is
 * {@link LogMirror}, in the log package, which alone talks to Kafka.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "parley.compat.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "parley.compat.mirror.enabled")
class MirrorConfiguration {

    /** The key of every mirror record, as the consumers of such a topic expect it. */
    static final String KEY = "message.new";

    /**
     * On archiver nodes: like the archive it is a view of the log that may lag without holding up
     * live delivery, so it stays off the routers, whose lag refuses sends. Its group
     * ({@code parley-compat-mirror.<topic>}) shares the partitions among the archivers; naming the
     * topic in it makes a new mirror topic a full copy rather than one continuing where the old one got to.
     */
    @Bean(initMethod = "start", destroyMethod = "stop")
    @OnRole(Role.ARCHIVER)
    LogMirror compatMirror(CompatSettings settings, LogReader log, MessageTopic.Durability durability, ClusterSettings cluster,
                           JsonMapper json, MeterRegistry meters) {
        String topic = settings.mirror().topic();
        new SettingsCheck().require(!topic.equals(log.topic()),
                "parley.compat.mirror.topic must differ from parley.kafka.topic (" + log.topic() + "): the mirror would copy its own copies")
                .done();
        LogMirror.Spec spec = new LogMirror.Spec("compat.mirror", topic, "parley-compat-mirror." + topic, cluster.nodeId(),
                cluster.sessionTimeout(), message -> message.record().isMessage() // the echo shape has no edits, deletes or reactions
                        ? new LogMirror.Copy(KEY, json.writeValueAsBytes(EchoMessage.of(message.record()))) : null);
        return log.mirror(spec, durability, meters);
    }
}
