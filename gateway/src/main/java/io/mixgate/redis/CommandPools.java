package io.mixgate.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.ProtocolVersion;
import io.mixgate.config.RedisConfig;
import io.mixgate.config.RedisPoolConfig;
import io.mixgate.script.ScriptRedis;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The named pools behind Lua's {@code mix.redis.connection(name)}, from {@code redis.pools}.
 * Each pool opens up to {@code poolSize} connections on first use and spreads commands over
 * them round-robin; Lettuce connections are multiplexed, so each serves many scripts at once.
 * Replies use RESP2, as CONNMIX's Redis client does (HGETALL answers a flat array).
 *
 * <p>Commands that change a connection's state for later commands (SELECT, MULTI/EXEC,
 * SUBSCRIBE, CLIENT ...) are not supported on a shared connection; use a Lua script (EVAL) for
 * atomic work.
 *
 * <p>Thread-safe. {@link ScriptRedis.Connection#command} blocks the calling thread (a script's
 * virtual thread) for at most {@code redis.commandTimeout}.
 */
public final class CommandPools implements ScriptRedis, AutoCloseable {
    private final Map<String, Pool> pools = new LinkedHashMap<>();

    public CommandPools(RedisConfig config, RedisResources resources) {
        for (RedisPoolConfig pool : config.pools()) {
            pools.put(pool.name(), new Pool(RedisEndpoints.pool(pool, config), pool.poolSize(), resources,
                    config.commandTimeout().toMillis()));
        }
    }

    @Override
    public Connection connection(String name) {
        return pools.get(name);
    }

    @Override
    public void close() {
        pools.values().forEach(Pool::close);
    }

    private static final class Pool implements Connection {
        private final RedisClient client;
        private final StatefulRedisConnection<byte[], byte[]>[] connections;
        private final AtomicInteger next = new AtomicInteger();
        // a lock, not synchronized: connecting blocks, and a monitor would pin a virtual thread on JDK 21
        private final ReentrantLock connecting = new ReentrantLock();
        private final long timeoutMillis;

        @SuppressWarnings("unchecked")
        Pool(RedisURI uri, int size, RedisResources resources, long timeoutMillis) {
            this.client = RedisClient.create(resources.resources(), uri);
            client.setOptions(resources.clientOptions().mutate().protocolVersion(ProtocolVersion.RESP2).build());
            this.connections = new StatefulRedisConnection[size];
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public Object command(List<byte[]> args) throws Exception {
            CommandArgs<byte[], byte[]> commandArgs = new CommandArgs<>(ByteArrayCodec.INSTANCE);
            for (byte[] arg : args.subList(1, args.size())) {
                commandArgs.add(arg);
            }
            try {
                return connection().async().dispatch(new Keyword(args.get(0)), new ReplyOutput(), commandArgs)
                        .get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }

        private StatefulRedisConnection<byte[], byte[]> connection() {
            int slot = Math.floorMod(next.getAndIncrement(), connections.length);
            connecting.lock();
            try {
                StatefulRedisConnection<byte[], byte[]> c = connections[slot];
                if (c == null) {
                    c = client.connect(ByteArrayCodec.INSTANCE);
                    connections[slot] = c;
                }
                return c;
            } finally {
                connecting.unlock();
            }
        }

        void close() {
            client.shutdown();
        }
    }

    private record Keyword(byte[] bytes) implements ProtocolKeyword {
        @Override
        public byte[] getBytes() {
            return bytes;
        }

        @Override
        public String toString() {
            return new String(bytes, StandardCharsets.UTF_8).toUpperCase(java.util.Locale.ROOT);
        }
    }
}
