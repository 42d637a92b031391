package io.mixgate.config;

/**
 * One named Redis connection pool for Lua's {@code mix.redis.connection(name)}
 * ({@code redis.pools[i]} in the YAML), with CONNMIX's key names. Connections open on first use.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param name     what scripts pass to {@code mix.redis.connection}, default {@code default}
 * @param addr     {@code host:port}, or a {@code redis://} / {@code rediss://} URI, default {@code localhost:6379}
 * @param password empty = none
 * @param db       database number {@code 0..15}
 * @param poolSize connections that commands are spread over, {@code 1..1000}, default 4; each
 *                 connection is multiplexed, so a few serve many scripts, but a blocking
 *                 command (BLPOP) holds the connection it runs on until it returns
 */
public record RedisPoolConfig(String name, String addr, String password, int db, int poolSize) {

    /** Validates every value. */
    public RedisPoolConfig {
        Require.nonBlank("name", name);
        Require.nonBlank("addr", addr);
        if (!addr.startsWith("redis://") && !addr.startsWith("rediss://")) {
            Require.hostPort("addr", addr);
        }
        Require.present("password", password, "a string");
        Require.range("db", db, 0, 15);
        Require.range("poolSize", poolSize, 1, 1000);
    }

    /** The defaults: CONNMIX's {@code default} pool on localhost:6379, database 0. */
    public static RedisPoolConfig defaults() {
        return new RedisPoolConfig("default", "localhost:6379", "", 0, 4);
    }
}
