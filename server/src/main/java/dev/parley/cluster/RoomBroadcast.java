package dev.parley.cluster;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.parley.rooms.Rooms;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import dev.parley.system.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

/**
 * Room membership across nodes: every node caches member sets, so a join or leave on one node is
 * published on a Redis channel and every node drops its cached set for that room. The join is
 * answered only after the publish, and Redis pushes the message to every subscriber before it
 * answers the publisher, so a message sent after the answer finds the new members on any node's
 * router (which reads it from Kafka later still). While the subscription is down a change could be
 * missed: on every (re)connect each node drops all its cached sets.
 */
final class RoomBroadcast {

    private static final Logger log = LoggerFactory.getLogger(RoomBroadcast.class);
    /** Warnings that can repeat per message, record or connection under load: the first at once, then a count every 5 s. */
    private static final ThrottledLog throttled = ThrottledLog.of(log);

    private final RedisAsyncCommands<String, String> redis;
    private final StatefulRedisPubSubConnection<String, String> subscription;
    private final Rooms rooms;
    private final String channel;
    private final Duration timeout;

    RoomBroadcast(RedisAsyncCommands<String, String> redis, StatefulRedisPubSubConnection<String, String> subscription, Rooms rooms,
                  String keyPrefix, Duration timeout) {
        this.redis = redis;
        this.subscription = subscription;
        this.rooms = rooms;
        this.channel = new RedisKeys(keyPrefix).roomChanges();
        this.timeout = timeout;
    }

    public void start() {
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String room) {
                rooms.forget(room);
            }
        });
        subscription.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(io.lettuce.core.RedisChannelHandler<?, ?> connection, java.net.SocketAddress address) {
                rooms.forgetAll(); // changes published while we were away are lost; Lettuce resubscribes by itself
            }
        });
        try {
            subscription.async().subscribe(channel).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot subscribe to Redis channel " + channel + ": " + e, e);
        }
    }

    public void stop() {
        subscription.close();
    }

    /** Runs on the blocking thread that stored the change, before the client is answered. */
    @EventListener
    void onChange(Rooms.MembersChanged changed) {
        try {
            redis.publish(channel, changed.room().value()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The change is stored; other nodes see it once their cached set expires or they reconnect.
            throttled.warn("Could not tell other nodes that room {} changed: {}", changed.room().value(), e.toString());
        }
    }
}
