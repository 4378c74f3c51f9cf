package dev.parley.compat;

import static dev.parley.support.Frames.join;
import static dev.parley.support.Frames.newId;
import static dev.parley.support.Frames.toRoom;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dev.parley.log.KafkaBootstrap;
import dev.parley.log.LogMirror;
import dev.parley.log.LogReader;
import dev.parley.support.Json;
import dev.parley.support.ParleyNode;
import dev.parley.support.TestApi;
import dev.parley.support.TestApi.Account;
import dev.parley.support.TestDirs;
import dev.parley.support.WsClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The mirror topic against a real node and its embedded broker: messages sent through the normal
 * API appear on the mirror topic, keyed {@code message.new}, in the echo shape, in the log's
 * partition. The node has a topic of its own (the switch off is {@code MirrorSwitchTest}).
 */
class CompatMirrorIT {

    private static final String TOPIC = TestApi.uniqueName("mirror");
    private static ParleyNode node;

    @BeforeAll
    static void startNode() {
        node = ParleyNode.start(TestDirs.fresh("mirror"), Map.of(
                "parley.compat.mirror.enabled", "true",
                "parley.compat.mirror.topic", TOPIC));
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void everyMessageIsCopiedToTheMirrorTopicInTheEchoShape() {
        TestApi api = node.api();
        Account alice = api.register("alice");
        Account bob = api.register("bob");
        String room = TestApi.uniqueName("room");

        TestApi.Response dm = api.post("/api/v1/messages", Map.of("clientMsgId", newId(), "to", bob.username(), "content", "hi bob"),
                alice.token());
        assertThat(dm.status()).isEqualTo(202);
        TestApi.Response picture = api.post("/api/v1/messages", Map.of("clientMsgId", newId(), "to", bob.username(), "content", "",
                "attachmentUrl", "https://example.org/cat.png"), alice.token());
        assertThat(picture.status()).isEqualTo(202);
        // Changes are records of the log too, but the echo shape has none: they are not copied.
        String path = "/api/v1/messages/" + dm.body().get("serverMsgId").asString();
        assertThat(api.call("PATCH", path, Map.of("clientMsgId", newId(), "content", "hi bob, edited"), alice.token(), Map.of()).status())
                .isEqualTo(200);
        assertThat(api.call("PUT", path + "/reactions/ok", null, bob.token(), Map.of()).status()).isEqualTo(200);
        TestApi.Response bye = api.post("/api/v1/messages", Map.of("clientMsgId", newId(), "to", bob.username(), "content", "bye"),
                alice.token());
        try (WsClient ws = WsClient.connect(api.port(), bob.token())) {
            ws.send(join(room));
            ws.awaitType("room.joined");
            String id = newId();
            ws.send(toRoom(id, room, "hello room"));
            ws.awaitData("message.ack", "clientMsgId", id);
        }
        String direct = dm.body().get("conversationId").asString();

        List<ConsumerRecord<String, String>> copies = readMirror(4, r -> r.value().contains(alice.id().toString())
                || r.value().contains(bob.id().toString()));

        assertThat(copies).extracting(ConsumerRecord::key).containsOnly("message.new");
        assertThat(copies).extracting(r -> Json.read(r.value())).containsExactlyInAnyOrder(
                echo(direct, alice.id().toString(), bob.id().toString(), "hi bob"),
                echo(direct, alice.id().toString(), bob.id().toString(), "https://example.org/cat.png"),
                echo(direct, alice.id().toString(), bob.id().toString(), "bye"),
                echo("room:" + room, bob.id().toString(), room, "hello room"));
        // Same partition as in the log (the mirror was created with the log's 3 partitions), and the log's order within it.
        LogReader log = node.bean(LogReader.class);
        for (ConsumerRecord<String, String> copy : copies) {
            assertThat(copy.partition()).isEqualTo(log.partitionOf(Json.read(copy.value()).get("chatId").asString()));
        }
        List<ConsumerRecord<String, String>> dms = copies.stream().filter(r -> r.value().contains(direct)).toList();
        assertThat(dms).extracting(r -> Json.read(r.value()).get("content").asString()).containsExactly("hi bob", "https://example.org/cat.png", "bye");
        // The echo shape has no id; the header carries it, so a consumer can recognise a second copy.
        assertThat(dms).extracting(r -> new String(r.headers().lastHeader(LogMirror.SERVER_MSG_ID).value(), StandardCharsets.UTF_8))
                .containsExactly(dm.body().get("serverMsgId").asString(), picture.body().get("serverMsgId").asString(),
                        bye.body().get("serverMsgId").asString());
    }

    @Test
    void onlyTheConfiguredMirrorTopicIsCreated() throws Exception {
        assertThat(node.beanNames(LogMirror.class)).hasSize(1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bean(KafkaBootstrap.class).servers()))) {
            var topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            assertThat(topics).contains(TOPIC).doesNotContain("message"); // auto-creation is off: nothing used the default name
            assertThat(admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(TOPIC).partitions())
                    .hasSize(node.bean(LogReader.class).partitions());
        }
    }

    private static JsonNode echo(String chatId, String senderId, String receiverId, String content) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("chatId", chatId);
        fields.put("senderId", senderId);
        fields.put("receiverId", receiverId);
        fields.put("content", content);
        return Json.read(Json.write(fields));
    }

    /** The first {@code count} records of the mirror topic that {@code mine} accepts, read with a stock consumer, per partition in order. */
    private static List<ConsumerRecord<String, String>> readMirror(int count, java.util.function.Predicate<ConsumerRecord<String, String>> mine) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, node.bean(KafkaBootstrap.class).servers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (mine.test(r)) {
                        found.add(r);
                    }
                }
                return found.size() >= count;
            });
        }
        return found;
    }
}
