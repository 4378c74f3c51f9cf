package dev.parley.cluster;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.parley.log.KafkaBootstrap;
import dev.parley.log.MessageTopic;
import dev.parley.rooms.Rooms;
import dev.parley.routing.Directory;
import dev.parley.routing.Forwarder;
import dev.parley.routing.Sessions;
import dev.parley.system.ClusterSettings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import dev.parley.tracing.MessageTracing;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Cluster mode, on when {@code parley.cluster.redis-url} is set: the registry in Redis, this node's
 * delivery topic and its reader, forwarding to other nodes, and room changes broadcast to all.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${parley.cluster.redis-url:}'.isBlank()")
class ClusterConfiguration {

    /** No command waits longer than this for Redis; while it is away commands fail at once instead of queueing. */
    static final Duration REDIS_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration RECONNECT = Duration.ofMillis(500);

    /**
     * Reconnects at a steady pace, not with Lettuce's backoff of up to 30 s: after an outage every
     * node must register its users again well within the time routing keeps broadcasting (NodeLookup).
     */
    @Bean(destroyMethod = "shutdown")
    ClientResources redisResources() {
        return DefaultClientResources.builder().reconnectDelay(Delay.constant(RECONNECT)).build();
    }

    @Bean(destroyMethod = "shutdown")
    RedisClient redisClient(ClientResources resources, ClusterSettings settings) {
        RedisURI uri = RedisURI.create(settings.redisUrl());
        uri.setTimeout(REDIS_TIMEOUT);
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(REDIS_TIMEOUT))
                .build());
        return client;
    }

    @Bean(destroyMethod = "close")
    StatefulRedisConnection<String, String> redisConnection(RedisClient client, ClusterSettings settings) {
        try {
            return client.connect();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cluster mode needs Redis at " + settings.redisUrl() + " and cannot reach it: " + e.getMessage(), e);
        }
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    Directory clusterDirectory(StatefulRedisConnection<String, String> redis, ClusterSettings settings) {
        RedisDirectory directory = new RedisDirectory(redis.async(), settings, REDIS_TIMEOUT);
        redis.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                directory.reconnected();
            }
        });
        return directory;
    }

    /** Its subscription has a connection of its own (a subscribed connection takes no other commands). */
    @Bean(initMethod = "start", destroyMethod = "stop")
    RoomBroadcast roomBroadcast(RedisClient client, StatefulRedisConnection<String, String> redis, Rooms rooms, ClusterSettings settings) {
        return new RoomBroadcast(redis.async(), client.connectPubSub(), rooms, settings.keyPrefix(), REDIS_TIMEOUT);
    }

    /** A gone node's topic is deleted once it has been gone for as long as the topic keeps anything. */
    @Bean(initMethod = "start", destroyMethod = "stop")
    NodeTopicJanitor nodeTopicJanitor(Admin admin, StatefulRedisConnection<String, String> redis, ClusterSettings settings) {
        return new NodeTopicJanitor(admin, redis.async(), settings, settings.nodeTopicRetention());
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    Forwarder clusterForwarder(KafkaBootstrap bootstrap, Admin admin, ClusterSettings settings, MessageTracing tracing, MeterRegistry meters) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.servers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "parley-forward-" + settings.nodeId());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        // Kafka's default: a forward is retried (in order) through a broker's trouble rather than given up after seconds;
        // the bound on how much waits is KafkaForwarder's, which makes the router lag and sends get refused.
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return new KafkaForwarder(new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()), new KnownNodes(admin, settings.nodeId()),
                tracing, meters);
    }

    /**
     * Created and positioned at its end while the context starts: before the web server takes a
     * session, so before any router can find a user here and forward to this node.
     */
    @Bean(initMethod = "start", destroyMethod = "stop")
    NodeInbox nodeInbox(Admin admin, KafkaBootstrap bootstrap, MessageTopic.Durability durability, ClusterSettings settings, Sessions sessions,
                        Directory directory, MessageTracing tracing, MeterRegistry meters) {
        // After the directory (a parameter): the node is alive in Redis before its topic exists, so no janitor deletes it.
        NodeTopics.ensure(admin, settings.nodeId(), durability, settings.nodeTopicRetention().toMillis());
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.servers());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "parley-inbox-" + settings.nodeId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 2);
        return new NodeInbox(new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()), settings.nodeId(), sessions,
                tracing, meters);
    }
}
