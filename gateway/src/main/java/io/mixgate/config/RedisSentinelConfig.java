package io.mixgate.config;

import java.util.List;

/**
 * A Sentinel-managed Redis master ({@code redis.sentinel:} in the YAML). The node asks the
 * sentinels for the current master and asks again after a failover.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param master the master's name in the sentinels' configuration, default {@code mymaster}
 * @param nodes  sentinels as {@code host:port}; empty (default) = Sentinel not used; unmodifiable
 */
public record RedisSentinelConfig(String master, List<String> nodes) {

    /** Validates every value. */
    public RedisSentinelConfig {
        Require.nonBlank("master", master);
        Require.present("nodes", nodes, "a list");
        nodes = List.copyOf(nodes);
        for (int i = 0; i < nodes.size(); i++) {
            Require.hostPort("nodes[" + i + "]", nodes.get(i));
        }
    }

    /** The defaults: master {@code mymaster}, no sentinels. */
    public static RedisSentinelConfig defaults() {
        return new RedisSentinelConfig("mymaster", List.of());
    }
}
