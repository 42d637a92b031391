package io.mixgate.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration of one node, as loaded by {@link ConfigLoader}.
 *
 * <p>Immutable and safe to share between threads. Every section is present; a
 * section missing from the YAML holds its defaults.
 *
 * @param node      the node's identity
 * @param logging   logging settings
 * @param servers   the client-facing listeners, at least one; unmodifiable
 * @param apiServer the back-office HTTP API
 * @param script    the Lua runtime
 * @param demoAuth  the demo auth endpoint for the README walkthrough
 * @param redis     the Redis mesh and the {@code mix.redis} pools; no Redis = a single node
 * @param queue     the bounds of the {@code mix.queue.push} queues
 * @param access    who may use the API (hot: applies without a restart)
 * @param drain     how the node leaves on SIGTERM
 * @param presence  the bounds of presence events over {@code /ws/v1}
 * @param history   which channels keep history (offsets, recovery, current value) and its bounds
 * @param mesh      leases and mesh-wide channel interest in a Redis mesh
 * @param upstreams the provider feeds the node subscribes to on demand, default none; unmodifiable,
 *                  names unique
 * @param timers    the bounds of {@code mix.timer.*}
 * @param services  Lua scripts that run without a client, default none; unmodifiable, names unique
 * @param routes    API routes answered by services' Lua functions, default none; each names a service
 * @param candles   the candle history store behind {@code mix.candles}
 */
public record GatewayConfig(NodeConfig node, LoggingConfig logging, List<ServerConfig> servers,
        ApiServerConfig apiServer, ScriptConfig script, DemoAuthConfig demoAuth, RedisConfig redis,
        QueueConfig queue, AccessConfig access, DrainConfig drain, PresenceConfig presence,
        HistoryConfig history, MeshConfig mesh, List<UpstreamConfig> upstreams, TimerConfig timers,
        List<ServiceConfig> services, List<RouteConfig> routes, CandlesConfig candles) {

    /** Checks that every section is present, there is a server, and no two listeners share a fixed port. */
    public GatewayConfig {
        Require.present("node", node, "a mapping");
        Require.present("logging", logging, "a mapping");
        Require.present("servers", servers, "a list");
        Require.present("apiServer", apiServer, "a mapping");
        Require.present("script", script, "a mapping");
        Require.present("demoAuth", demoAuth, "a mapping");
        Require.present("redis", redis, "a mapping");
        Require.present("queue", queue, "a mapping");
        Require.present("access", access, "a mapping");
        Require.present("drain", drain, "a mapping");
        Require.present("presence", presence, "a mapping");
        Require.present("history", history, "a mapping");
        Require.present("mesh", mesh, "a mapping");
        if (servers.isEmpty()) {
            throw new InvalidValueException("servers", "[]", "at least one server");
        }
        servers = List.copyOf(servers);
        upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
        checkUpstreamNamesDistinct(upstreams);
        timers = timers == null ? TimerConfig.defaults() : timers;
        services = services == null ? List.of() : List.copyOf(services);
        routes = routes == null ? List.of() : List.copyOf(routes);
        checkServices(services, routes);
        candles = candles == null ? CandlesConfig.defaults() : candles;
        checkCandlePool(candles, redis);
        checkPortsDistinct(servers, apiServer, demoAuth);
    }

    /** The sections before issue 15 (timers, services, routes and candles: their defaults). */
    public GatewayConfig(NodeConfig node, LoggingConfig logging, List<ServerConfig> servers,
                         ApiServerConfig apiServer, ScriptConfig script, DemoAuthConfig demoAuth, RedisConfig redis,
                         QueueConfig queue, AccessConfig access, DrainConfig drain, PresenceConfig presence,
                         HistoryConfig history, MeshConfig mesh, List<UpstreamConfig> upstreams) {
        this(node, logging, servers, apiServer, script, demoAuth, redis, queue, access, drain, presence, history,
                mesh, upstreams, null, null, null, null);
    }

    private static void checkCandlePool(CandlesConfig candles, RedisConfig redis) {
        if (candles.store().equals("redis")
                && redis.pools().stream().noneMatch(p -> p.name().equals(candles.redisPool()))) {
            throw new InvalidValueException("candles.redisPool", Require.show(candles.redisPool()),
                    "the name of a redis.pools entry (candles.store is redis)");
        }
    }

    private static void checkServices(List<ServiceConfig> services, List<RouteConfig> routes) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < services.size(); i++) {
            Integer first = seen.putIfAbsent(services.get(i).name(), i);
            if (first != null) {
                throw new InvalidValueException("services[" + i + "].name", Require.show(services.get(i).name()),
                        "a name not already used by services[" + first + "]");
            }
        }
        for (int i = 0; i < routes.size(); i++) {
            if (!seen.containsKey(routes.get(i).service())) {
                throw new InvalidValueException("routes[" + i + "].service", Require.show(routes.get(i).service()),
                        "the name of a services[] entry");
            }
        }
    }

    /** The defaults: one default server, default API, demo auth off, no Redis. */
    public static GatewayConfig defaults() {
        return new GatewayConfig(NodeConfig.defaults(), LoggingConfig.defaults(), List.of(ServerConfig.defaults()),
                ApiServerConfig.defaults(), ScriptConfig.defaults(), DemoAuthConfig.defaults(), RedisConfig.defaults(),
                QueueConfig.defaults(), AccessConfig.defaults(), DrainConfig.defaults(), PresenceConfig.defaults(),
                HistoryConfig.defaults(), MeshConfig.defaults(), List.of());
    }

    private static void checkUpstreamNamesDistinct(List<UpstreamConfig> upstreams) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < upstreams.size(); i++) {
            Integer first = seen.putIfAbsent(upstreams.get(i).name(), i);
            if (first != null) {
                throw new InvalidValueException("upstreams[" + i + "].name", Require.show(upstreams.get(i).name()),
                        "a name not already used by upstreams[" + first + "]");
            }
        }
    }

    // Port 0 means "any free port", so only fixed ports can clash.
    private static void checkPortsDistinct(List<ServerConfig> servers, ApiServerConfig api, DemoAuthConfig demo) {
        Map<Integer, String> owners = new HashMap<>();
        claim(owners, "apiServer.port", api.port());
        for (int i = 0; i < servers.size(); i++) {
            claim(owners, "servers[" + i + "].port", servers.get(i).port());
        }
        if (demo.enabled()) {
            claim(owners, "demoAuth.port", demo.port());
        }
    }

    private static void claim(Map<Integer, String> owners, String key, int port) {
        if (port == 0) {
            return;
        }
        String owner = owners.putIfAbsent(port, key);
        if (owner != null) {
            throw new InvalidValueException(key, Integer.toString(port), "a port not already used by " + owner);
        }
    }
}
