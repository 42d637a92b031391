package io.mixgate.broker;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.mixgate.redis.RedisResources;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A {@link RedisLink} to a Redis Cluster with sharded pub/sub (Redis 7): SPUBLISH goes to the
 * master owning the channel's slot, and each channel is SSUBSCRIBEd on a connection to that
 * master, so pub/sub traffic spreads over the shards instead of being broadcast to every node
 * as classic PUBLISH is. SSUBSCRIBE takes channels of one slot only, so batches are split by slot.
 *
 * <p>When a slot moves (resharding, failover) Redis unsubscribes its channels by itself; that
 * is reported through {@link LinkListener#subscriptionLost(String)}, and the broker subscribes
 * again on the new owner.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class ShardedClusterLink implements RedisLink {
    private final RedisClusterClient client;
    private final StatefulRedisClusterConnection<String, byte[]> commands;
    private final StatefulRedisClusterPubSubConnection<String, byte[]> pubsub;
    /** Node connections that carry subscriptions; pinged for health. */
    private final Set<StatefulRedisPubSubConnection<String, byte[]>> shardConnections = ConcurrentHashMap.newKeySet();
    private volatile LinkListener listener = LinkListener.NONE;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ShardedClusterLink(RedisClusterClient client, StatefulRedisClusterConnection<String, byte[]> commands,
                               StatefulRedisClusterPubSubConnection<String, byte[]> pubsub) {
        this.client = client;
        this.commands = commands;
        this.pubsub = pubsub;
    }

    /** Connects and loads the topology; blocks, so call it while the node starts. */
    public static ShardedClusterLink connect(List<RedisURI> seeds, RedisResources resources) {
        RedisClusterClient client = RedisClusterClient.create(resources.resources(), seeds);
        client.setOptions(resources.clusterOptions());
        try {
            StatefulRedisClusterConnection<String, byte[]> commands = client.connect(StandaloneLink.CODEC);
            StatefulRedisClusterPubSubConnection<String, byte[]> pubsub = client.connectPubSub(StandaloneLink.CODEC);
            pubsub.setNodeMessagePropagation(true);
            ShardedClusterLink link = new ShardedClusterLink(client, commands, pubsub);
            pubsub.addListener(new RedisClusterPubSubAdapter<>() {
                @Override
                public void smessage(RedisClusterNode node, String channel, byte[] message) {
                    link.listener.message(channel, message);
                }

                @Override
                public void message(RedisClusterNode node, String channel, byte[] message) {
                    link.listener.message(channel, message);
                }

                @Override
                public void sunsubscribed(RedisClusterNode node, String channel, long count) {
                    link.listener.subscriptionLost(channel);
                }
            });
            client.addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                    link.listener.reconnected();
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
        return commands.async().spublish(channel, payload);
    }

    @Override
    public CompletionStage<Void> subscribe(List<String> channels) {
        return perSlot(channels, group -> onOwner(group.get(0),
                c -> c.async().ssubscribe(group.toArray(String[]::new))));
    }

    @Override
    public CompletionStage<Void> unsubscribe(List<String> channels) {
        return perSlot(channels, group -> onOwner(group.get(0),
                c -> c.async().sunsubscribe(group.toArray(String[]::new))));
    }

    @Override
    public CompletionStage<Void> ping() {
        List<CompletableFuture<?>> pings = new ArrayList<>();
        pings.add(pubsub.async().ping().toCompletableFuture());
        for (StatefulRedisPubSubConnection<String, byte[]> c : shardConnections) {
            pings.add(c.async().ping().toCompletableFuture());
        }
        return CompletableFuture.allOf(pings.toArray(CompletableFuture[]::new));
    }

    @Override
    public boolean isOpen() {
        if (!pubsub.isOpen() || !commands.isOpen()) {
            return false;
        }
        for (StatefulRedisPubSubConnection<String, byte[]> c : shardConnections) {
            if (!c.isOpen()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public RedisClusterAsyncCommands<String, byte[]> commands() {
        return commands.async();
    }

    @Override
    public String kind() {
        return "cluster";
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

    private static CompletionStage<Void> perSlot(List<String> channels,
                                                 Function<List<String>, CompletionStage<?>> command) {
        Map<Integer, List<String>> bySlot = new LinkedHashMap<>();
        for (String channel : channels) {
            bySlot.computeIfAbsent(SlotHash.getSlot(channel), s -> new ArrayList<>()).add(channel);
        }
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (List<String> group : bySlot.values()) {
            all.add(command.apply(group).toCompletableFuture());
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private CompletionStage<?> onOwner(String channel,
                                       Function<StatefulRedisPubSubConnection<String, byte[]>, CompletionStage<?>> command) {
        RedisClusterNode owner = pubsub.getPartitions().getPartitionBySlot(SlotHash.getSlot(channel));
        if (owner == null) {
            client.refreshPartitionsAsync();
            return CompletableFuture.failedFuture(new BrokerUnavailableException(
                    "no cluster node serves the slot of channel " + channel));
        }
        CompletionStage<?> result = pubsub.getConnectionAsync(owner.getNodeId()).thenCompose(c -> {
            shardConnections.add(c);
            return command.apply(c);
        });
        // a failure here usually means the slot moved: learn the new owner before the retry
        return result.whenComplete((ok, failure) -> {
            if (failure != null) {
                client.refreshPartitionsAsync();
            }
        });
    }
}
