package dev.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.parley.system.ClusterSettings;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry against the machine's Redis, under a key prefix of its own. */
class RedisDirectoryIT {

    private final String prefix = "parley-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final RedisKeys keys = new RedisKeys(prefix);
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> redis;
    private RedisDirectory one;
    private RedisDirectory two;

    @BeforeEach
    void start() {
        client = RedisClient.create(ClusterIT.REDIS);
        connection = client.connect();
        redis = connection.sync();
        one = directory("one");
        two = directory("two");
    }

    @AfterEach
    void stop() {
        one.stop();
        two.stop();
        List<String> left = redis.keys(prefix + ":*");
        if (!left.isEmpty()) {
            redis.del(left.toArray(String[]::new));
        }
        connection.close();
        client.shutdown();
    }

    private RedisDirectory directory(String node) {
        ClusterSettings settings = new ClusterSettings("redis://unused", node, prefix, Duration.ofMillis(100), Duration.ofMillis(400),
                Duration.ofSeconds(3), Duration.ofSeconds(6), Duration.ofMinutes(10));
        RedisDirectory directory = new RedisDirectory(connection.async(), settings, Duration.ofSeconds(2));
        directory.start();
        return directory;
    }

    @Test
    void aUserIsFoundOnTheNodesHoldingItsSessionsButNeverOnTheAskingNode() {
        UUID user = UUID.randomUUID();
        UUID nobody = UUID.randomUUID();
        one.opened(user).block(Duration.ofSeconds(5));
        assertThat(two.elsewhere(List.of(user, nobody))).isEqualTo(Map.of("one", Set.of(user)));
        assertThat(one.elsewhere(List.of(user))).as("its own sessions are delivered directly").isEmpty();
        two.opened(user).block(Duration.ofSeconds(5));
        assertThat(one.elsewhere(List.of(user))).isEqualTo(Map.of("two", Set.of(user)));
        assertThat(redis.pttl(keys.user(user))).as("the entry expires unless renewed").isBetween(1L, 3_000L);

        one.closed(user);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> two.elsewhere(List.of(user)).isEmpty());
        assertThat(two.elsewhereLater(List.of(user)).block(Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void aRouteToANodeWhoseLivenessKeyExpiredIsIgnoredAndTidiedAway() {
        UUID user = UUID.randomUUID();
        redis.sadd(keys.user(user), "crashed"); // as a node that died without cleaning up leaves it
        assertThat(one.elsewhere(List.of(user))).isEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> redis.smembers(keys.user(user)).isEmpty());
    }

    @Test
    void aNodeStaysAliveWhileItBeatsAndItsKeyGoesWhenItStops() {
        Awaitility.await().during(Duration.ofMillis(1_000)).atMost(Duration.ofSeconds(3))
                .until(() -> redis.exists(keys.node("one")) == 1);
        one.stop();
        assertThat(redis.exists(keys.node("one"))).isZero();
        one = directory("one");
    }

    @Test
    void usersAreRegisteredAgainWhenRedisLostThem() {
        UUID user = UUID.randomUUID();
        one.opened(user).block(Duration.ofSeconds(5));
        redis.del(keys.user(user), keys.node("one")); // what a Redis restart without persistence does
        one.reconnected();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> two.elsewhere(List.of(user)).equals(Map.of("one", Set.of(user))));
    }
}
