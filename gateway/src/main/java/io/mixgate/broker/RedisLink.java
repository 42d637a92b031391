package io.mixgate.broker;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The Redis connections behind a {@link RedisBroker}: a pub/sub link that receives (one
 * connection, or one per cluster shard) and a separate command connection that publishes and
 * keeps the node registry, so that a busy subscriber connection never delays a publish.
 * Inbound messages and reconnects go to the {@link LinkListener} set with {@link #listen}, on
 * Lettuce's threads: the listener must hand them off at once.
 *
 * <p>Thread safety: every method may be called from any thread; none blocks.
 */
public interface RedisLink extends AutoCloseable {

    /** Sets who hears inbound messages and reconnects; set once, by the broker, before it subscribes. */
    void listen(LinkListener listener);

    /** PUBLISH (or SPUBLISH on a cluster); completes with Redis's count of receiving subscriber connections. */
    CompletionStage<Long> publish(String channel, byte[] payload);

    /** SUBSCRIBE (or SSUBSCRIBE) the pub/sub link to {@code channels}. */
    CompletionStage<Void> subscribe(List<String> channels);

    /** UNSUBSCRIBE (or SUNSUBSCRIBE) the pub/sub link from {@code channels}. */
    CompletionStage<Void> unsubscribe(List<String> channels);

    /** PINGs every pub/sub connection; completes when all answered. */
    CompletionStage<Void> ping();

    /** Whether the pub/sub link and the command connection are connected now. */
    boolean isOpen();

    /** The command connection, for the node registry. */
    RedisClusterAsyncCommands<String, byte[]> commands();

    /** What kind of Redis this is, for logs: {@code standalone}, {@code sentinel} or {@code cluster}. */
    String kind();

    @Override
    void close();
}
