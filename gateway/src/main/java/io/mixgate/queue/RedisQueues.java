package io.mixgate.queue;

import io.mixgate.core.RateLimitedLog;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.UnblockType;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;
import io.mixgate.config.QueueConfig;
import io.mixgate.config.RedisConfig;
import io.mixgate.core.OutcomeUnknownException;
import io.mixgate.core.QueueConsumer;
import io.mixgate.core.QueueItem;
import io.mixgate.core.QueueSink;
import io.mixgate.redis.RedisEndpoints;
import io.mixgate.redis.RedisResources;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queues of a Redis mesh: one Redis stream per topic, read by every node through one
 * consumer group, so that a consumer on any node receives items pushed on every node and each
 * item goes to one consumer (see {@link QueueKeys} for the keys, all in one Cluster hash slot).
 * A push checks {@code queue.topicSize} and {@code queue.maxTopics} and appends in one script,
 * atomically across the mesh.
 *
 * <p>Delivery is at least once: an item is acknowledged and deleted only after its event was
 * written to a consumer's connection. An item whose write failed goes to another consumer of
 * this node, or, when none is left here, is given back to the mesh (its idle time set to
 * {@code claimAfter}) and taken over by the next node that reads the topic. Items held by a
 * node that died are taken over after {@code claimAfter}; a live node keeps resetting the idle
 * time of what it holds. An item can arrive twice when the acknowledgement fails after the
 * write, or when a node stalls (no reads, no refresh) for longer than {@code claimAfter}.
 *
 * <p>Thread-safe; {@link #push} never blocks. Reads run on a thread and a connection of their own.
 */
public final class RedisQueues implements NodeQueues {
    private static final Logger log = LoggerFactory.getLogger(RedisQueues.class);
    /** Repeating warnings: at most a few lines a minute per call site, then a count (one budget per call site, like the logger). */
    private static final RateLimitedLog unacknowledged = new RateLimitedLog(log::warn);

    private final RedisClusterAsyncCommands<String, String> commands;
    private final Runnable closeConnections;
    private final QueueKeys keys;
    private final QueueConfig config;
    private final int nodeId;
    private final String consumerName;
    private final ConsumerPool pool;
    private final StreamReader reader;

    /**
     * @param commands  pushes and acknowledgements, never blocking
     * @param blocking  a connection of the reader's own, for {@code XREADGROUP BLOCK}
     * @param unblocker ends a read early when a consumer becomes idle; null: reads end by themselves
     * @param block     how long one read waits for items; below the command timeout
     */
    RedisQueues(RedisClusterAsyncCommands<String, String> commands, RedisClusterCommands<String, String> blocking,
                StreamReader.Unblocker unblocker, Runnable closeConnections, String prefix, QueueConfig config,
                int nodeId, Duration block) {
        this.commands = commands;
        this.closeConnections = closeConnections;
        this.keys = new QueueKeys(prefix);
        this.config = config;
        this.nodeId = nodeId;
        this.consumerName = "node-" + nodeId;
        this.pool = new ConsumerPool(false, new PoolListener());
        this.reader = new StreamReader(blocking, keys, consumerName, pool, config.claimAfter(), block, unblocker);
        reader.start();
    }

    /**
     * Opens two connections to the mesh Redis (standalone, Sentinel or Cluster) and starts
     * reading. Blocks while connecting: call it while the node starts.
     */
    public static RedisQueues connect(RedisConfig redis, RedisResources resources, QueueConfig config, int nodeId) {
        Duration half = redis.commandTimeout().dividedBy(2);
        if (redis.mode() == RedisConfig.Mode.CLUSTER) {
            // a read cannot be ended early on a cluster (its connection is the slot owner's, out of
            // reach of CLIENT UNBLOCK), so it is kept short
            Duration block = half.compareTo(Duration.ofMillis(100)) < 0 ? half : Duration.ofMillis(100);
            RedisClusterClient client = RedisClusterClient.create(resources.resources(), RedisEndpoints.cluster(redis));
            client.setOptions(resources.clusterOptions());
            try {
                StatefulRedisClusterConnection<String, String> commands = client.connect(StringCodec.UTF8);
                StatefulRedisClusterConnection<String, String> reads = client.connect(StringCodec.UTF8);
                return new RedisQueues(commands.async(), reads.sync(), null, () -> {
                    reads.close();
                    commands.close();
                    client.shutdown();
                }, redis.prefix(), config, nodeId, block);
            } catch (RuntimeException e) {
                client.shutdown();
                throw e;
            }
        }
        Duration block = half.compareTo(Duration.ofMillis(500)) < 0 ? half : Duration.ofMillis(500);
        RedisClient client = RedisClient.create(resources.resources(), RedisEndpoints.single(redis));
        client.setOptions(resources.clientOptions());
        try {
            StatefulRedisConnection<String, String> commands = client.connect(StringCodec.UTF8);
            StatefulRedisConnection<String, String> reads = client.connect(StringCodec.UTF8);
            StreamReader.Unblocker unblocker = new StreamReader.Unblocker() {
                @Override
                public long readerId() {
                    return reads.sync().clientId();
                }

                @Override
                public CompletionStage<Long> unblock(long readerId) {
                    return commands.async().clientUnblock(readerId, UnblockType.TIMEOUT);
                }
            };
            RedisQueues queues = new RedisQueues(commands.async(), reads.sync(), unblocker, () -> {
                reads.close();
                commands.close();
                client.shutdown();
            }, redis.prefix(), config, nodeId, block);
            client.addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                    if (connection == reads) {
                        queues.reader.readerReconnected();
                    }
                }
            });
            return queues;
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    @Override
    public CompletionStage<Long> push(QueueItem item) {
        String topic = item.topic();
        String problem = TopicNames.problem(topic);
        if (problem != null) {
            return CompletableFuture.failedFuture(new QueueRefusedException(problem));
        }
        CompletionStage<List<Object>> reply;
        try {
            reply = commands.eval(QueueKeys.PUSH, ScriptOutputType.MULTI,
                    new String[]{keys.stream(topic), keys.topics()}, topic, Integer.toString(config.topicSize()),
                    Integer.toString(config.maxTopics()), QueueKeys.GROUP, Integer.toString(item.nodeId()),
                    item.clientId(), item.dataJson());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(failure(e));
        }
        return reply.handle((result, error) -> {
            if (error != null) {
                throw failure(error);
            }
            long code = (Long) result.get(0);
            long count = (Long) result.get(1);
            if (code == 0) {
                throw new QueueRefusedException("topic " + topic + " is full: " + count + " items (queue.topicSize)");
            }
            if (code < 0) {
                throw new QueueRefusedException("too many topics: " + count + " topics hold items (queue.maxTopics)");
            }
            return count;
        });
    }

    /** Certainly not queued when Redis refused or was not connected; unknown when it may have run it. */
    private static RuntimeException failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof RedisCommandTimeoutException) {
            return new OutcomeUnknownException("redis did not answer in time, the item may have been queued: " + message);
        }
        if (cause instanceof RedisCommandExecutionException || message.contains("not connected")) {
            return new QueueRefusedException("redis unavailable, item not queued: " + message);
        }
        return new OutcomeUnknownException("redis connection failed, the item may have been queued: " + message);
    }

    /** Depths from Redis ({@link QueueKeys#DEPTHS}), consumers from this node's pool. */
    @Override
    public CompletionStage<Map<String, TopicLoad>> loads() {
        Map<String, TopicLoad> here = pool.loads();
        CompletionStage<List<Object>> reply;
        try {
            reply = commands.eval(QueueKeys.DEPTHS, ScriptOutputType.MULTI, new String[]{keys.topics()},
                    keys.streamPrefix(), Integer.toString(config.maxTopics()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return reply.thenApply(flat -> {
            Map<String, TopicLoad> out = new HashMap<>();
            here.forEach((topic, load) -> out.put(topic, new TopicLoad(0, load.consumers())));
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                String topic = String.valueOf(flat.get(i));
                TopicLoad mine = here.get(topic);
                out.put(topic, new TopicLoad((Long) flat.get(i + 1), mine == null ? 0 : mine.consumers()));
            }
            return out;
        });
    }

    @Override
    public QueueConsumer consumer(QueueSink sink) {
        return pool.consumer(sink);
    }

    @Override
    public void close() {
        pool.close();
        reader.close();
        closeConnections.run();
    }

    @Override
    public String toString() {
        return "RedisQueues[node " + nodeId + "]";
    }

    private final class PoolListener implements ConsumerPool.Listener {
        @Override
        public void written(ConsumerPool.Handed handed) {
            String topic = handed.item().topic();
            commands.eval(QueueKeys.ACK, ScriptOutputType.INTEGER, new String[]{keys.stream(topic), keys.topics()},
                            QueueKeys.GROUP, handed.id(), topic)
                    .whenComplete((ok, error) -> {
                        reader.forget(handed.id());
                        if (error != null) {
                            unacknowledged.log("queue item {} of topic {} was written but not acknowledged, another consumer "
                                    + "may get it again after {}: {}", handed.id(), topic, config.claimAfter(), error.toString());
                        }
                    });
        }

        @Override
        public void stranded(String topic, List<ConsumerPool.Handed> items) {
            String[] ids = items.stream().map(ConsumerPool.Handed::id).toArray(String[]::new);
            for (String id : ids) {
                reader.forget(id); // first, so that no refresh of held items resets the idle time set here
            }
            // idle as if held for claimAfter: the next node reading the topic takes them over
            commands.xclaim(keys.stream(topic), io.lettuce.core.Consumer.from(QueueKeys.GROUP, consumerName),
                            XClaimArgs.Builder.minIdleTime(0).idle(config.claimAfter()).justid(), ids)
                    .whenComplete((ok, error) -> {
                        if (error != null) {
                            log.debug("could not give back {} items of topic {}; taken over after {}: {}", ids.length,
                                    topic, config.claimAfter(), error.toString());
                        }
                    });
        }

        @Override
        public void changed() {
            reader.wake();
        }
    }
}
