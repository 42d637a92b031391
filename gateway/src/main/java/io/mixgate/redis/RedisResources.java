package io.mixgate.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.mixgate.config.RedisConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Lettuce resources one node shares between all its Redis clients (I/O and computation
 * threads, reconnect delay) and the client options every client uses.
 *
 * <p>Options chosen so that Redis trouble is visible at once: commands issued while a
 * connection is down are rejected instead of queued ({@code REJECT_COMMANDS}), every command
 * times out after {@code redis.commandTimeout}, and reconnects retry quickly (50 ms doubling to
 * 1 s) so that delivery resumes within seconds of Redis coming back.
 *
 * <p>Thread-safe; {@link #close()} once, after every client built on it.
 */
public final class RedisResources implements AutoCloseable {
    private final ClientResources resources;
    private final RedisConfig config;

    /**
     * @param nettyCustomizer applied to every Redis channel (the transport's flush consolidation)
     */
    public RedisResources(RedisConfig config, NettyCustomizer nettyCustomizer) {
        this.config = config;
        this.resources = DefaultClientResources.builder()
                .nettyCustomizer(nettyCustomizer)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
    }

    public ClientResources resources() {
        return resources;
    }

    /** Options for a standalone or Sentinel client. */
    public ClientOptions clientOptions() {
        return ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(config.connectTimeout()).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
                .build();
    }

    /** Options for a cluster client: the above, plus topology refresh on MOVED/ASK and reconnects. */
    public ClusterClientOptions clusterOptions() {
        return ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(config.connectTimeout()).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .enablePeriodicRefresh(Duration.ofSeconds(30))
                        .build())
                .build();
    }

    @Override
    public void close() {
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
