package io.mixgate.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.StaticCredentialsProvider;
import io.mixgate.config.RedisConfig;
import io.mixgate.config.RedisPoolConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the {@code redis} config into Lettuce {@link RedisURI}s: one for a standalone or
 * Sentinel-managed Redis, one per seed node of a cluster, one per {@code mix.redis} pool.
 *
 * <p>Stateless and thread-safe.
 */
public final class RedisEndpoints {

    private RedisEndpoints() {
    }

    /** The URI of a standalone or Sentinel-managed mesh Redis. */
    public static RedisURI single(RedisConfig config) {
        RedisURI uri;
        if (config.mode() == RedisConfig.Mode.SENTINEL) {
            RedisURI.Builder builder = null;
            for (String node : config.sentinel().nodes()) {
                HostPort hp = HostPort.parse(node);
                builder = builder == null ? RedisURI.Builder.sentinel(hp.host(), hp.port(), config.sentinel().master())
                        : builder.withSentinel(hp.host(), hp.port());
            }
            uri = builder.build();
        } else {
            uri = RedisURI.create(config.uri());
        }
        return finish(uri, config.password(), config.database(), config);
    }

    /** The seed URIs of a cluster. */
    public static List<RedisURI> cluster(RedisConfig config) {
        List<RedisURI> seeds = new ArrayList<>();
        for (String node : config.cluster()) {
            HostPort hp = HostPort.parse(node);
            seeds.add(finish(RedisURI.create(hp.host(), hp.port()), config.password(), 0, config));
        }
        return seeds;
    }

    /** The URI of one {@code mix.redis} pool; its timeouts come from the mesh settings. */
    public static RedisURI pool(RedisPoolConfig pool, RedisConfig config) {
        RedisURI uri;
        if (pool.addr().startsWith("redis://") || pool.addr().startsWith("rediss://")) {
            uri = RedisURI.create(pool.addr());
        } else {
            HostPort hp = HostPort.parse(pool.addr());
            uri = RedisURI.create(hp.host(), hp.port());
        }
        return finish(uri, pool.password(), pool.db(), config);
    }

    private static RedisURI finish(RedisURI uri, String password, int database, RedisConfig config) {
        if (!password.isEmpty()) {
            uri.setCredentialsProvider(new StaticCredentialsProvider(null, password.toCharArray()));
        }
        if (database != 0) {
            uri.setDatabase(database);
        }
        uri.setTimeout(config.commandTimeout());
        return uri;
    }

    private record HostPort(String host, int port) {
        static HostPort parse(String text) {
            int colon = text.lastIndexOf(':');
            return new HostPort(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        }
    }
}
