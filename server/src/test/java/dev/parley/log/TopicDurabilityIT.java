package dev.parley.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.parley.support.TestDirs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Topics Parley creates get the replication it is configured with; an existing weaker one stops the start. */
class TopicDurabilityIT {

    private static TestBroker broker;
    private static Admin admin;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(TestDirs.fresh("durability-kafka").resolve("kafka"), 3);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.close();
    }

    @Test
    void aCreatedTopicGetsTheConfiguredMinInsyncReplicas() throws Exception {
        MessageTopic topic = MessageTopic.ensure(admin, "durable-new", 2, new MessageTopic.Durability((short) 1, 1));
        assertThat(topic.partitions()).isEqualTo(2);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "durable-new");
        assertThat(admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource)
                .get("min.insync.replicas").value()).isEqualTo("1");
        assertThat(MessageTopic.ensure(admin, "durable-new", 2, new MessageTopic.Durability((short) 1, 1)))
                .as("starting again on the same topic is fine").isEqualTo(topic);
    }

    @Test
    void anExistingTopicWithALowerMinInsyncReplicasStopsTheStart() throws Exception {
        admin.createTopics(List.of(new NewTopic("weak-insync", 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> MessageTopic.ensure(admin, "weak-insync", 1, new MessageTopic.Durability((short) -1, 2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("min.insync.replicas=1")
                .hasMessageContaining("parley.kafka.min-insync-replicas=2");
    }

    @Test
    void anExistingTopicWithFewerReplicasStopsTheStart() throws Exception {
        admin.createTopics(List.of(new NewTopic("weak-replicas", 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> MessageTopic.ensure(admin, "weak-replicas", 1, new MessageTopic.Durability((short) 3, -1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 replica(s)")
                .hasMessageContaining("parley.kafka.replication-factor=3");
    }
}
