package io.mixgate.config;

import java.time.Duration;
import java.util.List;

/**
 * The Redis mesh ({@code redis:} in the YAML). With none of {@code uri}, {@code sentinel.nodes}
 * and {@code cluster} set (the default) the node runs alone on the in-process broker; with
 * exactly one of them set it joins the mesh of every node that uses the same Redis and prefix.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param uri            a standalone Redis, {@code redis://[:password@]host:port[/db]} or
 *                       {@code rediss://...}; default empty
 * @param sentinel       a Sentinel-managed master, followed on failover
 * @param cluster        seed nodes {@code host:port} of a Redis Cluster (Redis 7+: sharded
 *                       pub/sub); unmodifiable
 * @param password       password for every mesh connection; empty = none (or the one in {@code uri})
 * @param database       database number for the node registry, standalone and Sentinel only, {@code 0..15}
 * @param connectTimeout how long to wait for a TCP connection, {@code > 0}, default 2s
 * @param commandTimeout how long a publish, send or registry command may take, {@code > 0}, default 2s
 * @param prefix         prepended to every key and channel, so mixgate can share a Redis, default {@code mixgate:}
 * @param heartbeat      how often a node refreshes its registry entry, {@code > 0}, default 2s
 * @param nodeExpiry     a node whose entry is older than this is gone, {@code > heartbeat}, default 6s
 * @param pingInterval   how often the pub/sub link is pinged, {@code > 0}, default 1s
 * @param staleAfter     health turns red when no ping answered for this long, {@code > pingInterval}, default 3s
 * @param sendTimeout    how long {@code send} to a client on another node waits for that node's
 *                       answer, {@code > 0}, default 3s
 * @param countTimeout   how long a publish waits, after Redis answered it, for the other nodes'
 *                       delivery counts; nodes silent by then are reported as unconfirmed
 *                       ({@code u}), {@code > 0}, default 1s
 * @param publishCounts  what a publish's {@code s}/{@code f} count: {@code connections} (default, exact
 *                       mesh-wide connection counts, one report message per node and publisher batch) or
 *                       {@code nodes} (the nodes that received it, {@code f} always 0, one command)
 * @param advertiseApi   the API address other systems reach this node at, shown in {@code GET /v1/nodes};
 *                       empty (default) = this host's name and {@code apiServer.port}
 * @param pools          named connections for {@code mix.redis.connection(name)}, CONNMIX's
 *                       {@code engine.luavm.redis[]}; unmodifiable, names unique
 */
public record RedisConfig(String uri, RedisSentinelConfig sentinel, List<String> cluster, String password,
        int database, Duration connectTimeout, Duration commandTimeout, String prefix, Duration heartbeat,
        Duration nodeExpiry, Duration pingInterval, Duration staleAfter, Duration sendTimeout, Duration countTimeout,
        String publishCounts, String advertiseApi,
        List<RedisPoolConfig> pools) {

    public static final String COUNT_CONNECTIONS = "connections";
    public static final String COUNT_NODES = "nodes";

    /** How the node reaches its mesh Redis. */
    public enum Mode { NONE, STANDALONE, SENTINEL, CLUSTER }

    /** Validates every value and that at most one kind of Redis is configured. */
    public RedisConfig {
        Require.present("uri", uri, "a string");
        Require.present("sentinel", sentinel, "a mapping");
        Require.present("cluster", cluster, "a list");
        Require.present("password", password, "a string");
        cluster = List.copyOf(cluster);
        for (int i = 0; i < cluster.size(); i++) {
            Require.hostPort("cluster[" + i + "]", cluster.get(i));
        }
        if (!uri.isEmpty() && !uri.startsWith("redis://") && !uri.startsWith("rediss://")) {
            throw new InvalidValueException("uri", Require.show(uri), "redis://host:port or rediss://host:port");
        }
        int kinds = (uri.isEmpty() ? 0 : 1) + (sentinel.nodes().isEmpty() ? 0 : 1) + (cluster.isEmpty() ? 0 : 1);
        if (kinds > 1) {
            throw new InvalidValueException("uri", Require.show(uri),
                    "only one of uri, sentinel.nodes and cluster (they are " + kinds + " set)");
        }
        Require.range("database", database, 0, 15);
        Require.positive("connectTimeout", connectTimeout);
        Require.positive("commandTimeout", commandTimeout);
        Require.present("prefix", prefix, "a string");
        Require.positive("heartbeat", heartbeat);
        Require.positive("nodeExpiry", nodeExpiry);
        if (nodeExpiry.compareTo(heartbeat) <= 0) {
            throw new InvalidValueException("nodeExpiry", Require.show(nodeExpiry), "longer than heartbeat ("
                    + Require.show(heartbeat) + ")");
        }
        Require.positive("pingInterval", pingInterval);
        Require.positive("staleAfter", staleAfter);
        if (staleAfter.compareTo(pingInterval) <= 0) {
            throw new InvalidValueException("staleAfter", Require.show(staleAfter), "longer than pingInterval ("
                    + Require.show(pingInterval) + ")");
        }
        Require.positive("sendTimeout", sendTimeout);
        Require.positive("countTimeout", countTimeout);
        Require.present("publishCounts", publishCounts, "a string");
        if (!publishCounts.equals(COUNT_CONNECTIONS) && !publishCounts.equals(COUNT_NODES)) {
            throw new InvalidValueException("publishCounts", Require.show(publishCounts), "connections or nodes");
        }
        Require.present("advertiseApi", advertiseApi, "a string");
        Require.present("pools", pools, "a list");
        pools = List.copyOf(pools);
        for (int i = 0; i < pools.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (pools.get(i).name().equals(pools.get(j).name())) {
                    throw new InvalidValueException("pools[" + i + "].name", Require.show(pools.get(i).name()),
                            "a name not already used by pools[" + j + "]");
                }
            }
        }
    }

    /** The defaults: no mesh (in-process broker), CONNMIX's one {@code default} pool on localhost:6379. */
    public static RedisConfig defaults() {
        return new RedisConfig("", RedisSentinelConfig.defaults(), List.of(), "", 0, Duration.ofSeconds(2),
                Duration.ofSeconds(2), "mixgate:", Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(1),
                Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(1), COUNT_CONNECTIONS, "",
                List.of(RedisPoolConfig.defaults()));
    }

    /** Whether a publish counts connections on every node ({@code publishCounts: connections}). */
    public boolean countsConnections() {
        return publishCounts.equals(COUNT_CONNECTIONS);
    }

    /** Which kind of Redis is configured, {@link Mode#NONE} for none. */
    public Mode mode() {
        if (!uri.isEmpty()) {
            return Mode.STANDALONE;
        }
        if (!sentinel.nodes().isEmpty()) {
            return Mode.SENTINEL;
        }
        return cluster.isEmpty() ? Mode.NONE : Mode.CLUSTER;
    }
}
