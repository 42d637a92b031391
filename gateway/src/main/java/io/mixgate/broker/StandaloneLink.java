package io.mixgate.broker;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.mixgate.redis.RedisResources;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link RedisLink} to one Redis, standalone or found through Sentinel (Lettuce asks the
 * sentinels for the master again on every reconnect, which is how a failover is followed):
 * PUBLISH over a command connection, SUBSCRIBE over one pub/sub connection.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class StandaloneLink implements RedisLink {
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> commands;
    private final StatefulRedisPubSubConnection<String, byte[]> pubsub;
    private final String kind;
    private volatile LinkListener listener = LinkListener.NONE;
    private final AtomicBoolean closed = new AtomicBoolean();

    private StandaloneLink(RedisClient client, StatefulRedisConnection<String, byte[]> commands,
                           StatefulRedisPubSubConnection<String, byte[]> pubsub, String kind) {
        this.client = client;
        this.commands = commands;
        this.pubsub = pubsub;
        this.kind = kind;
    }

    /** Connects both connections; blocks, so call it while the node starts, never on an event loop. */
    public static StandaloneLink connect(RedisURI uri, RedisResources resources) {
        RedisClient client = RedisClient.create(resources.resources(), uri);
        client.setOptions(resources.clientOptions());
        try {
            StatefulRedisConnection<String, byte[]> commands = client.connect(CODEC);
            StatefulRedisPubSubConnection<String, byte[]> pubsub = client.connectPubSub(CODEC);
            StandaloneLink link = new StandaloneLink(client, commands, pubsub,
                    uri.getSentinels().isEmpty() ? "standalone" : "sentinel");
            pubsub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, byte[] message) {
                    link.listener.message(channel, message);
                }
            });
            client.addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                    if (connection == pubsub) {
                        link.listener.reconnected();
                    }
                }
            });
            return link;
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    @Override
    public void listen(LinkListener listener) {
        this.listener = listener;
    }

    @Override
    public CompletionStage<Long> publish(String channel, byte[] payload) {
        return commands.async().publish(channel, payload);
    }

    @Override
    public CompletionStage<Void> subscribe(List<String> channels) {
        return pubsub.async().subscribe(channels.toArray(String[]::new));
    }

    @Override
    public CompletionStage<Void> unsubscribe(List<String> channels) {
        return pubsub.async().unsubscribe(channels.toArray(String[]::new));
    }

    @Override
    public CompletionStage<Void> ping() {
        return pubsub.async().ping().thenApply(pong -> null);
    }

    @Override
    public boolean isOpen() {
        return pubsub.isOpen() && commands.isOpen();
    }

    @Override
    public RedisClusterAsyncCommands<String, byte[]> commands() {
        return commands.async();
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        pubsub.close();
        commands.close();
        client.shutdown();
    }
}
