package io.mixgate;

import io.mixgate.config.CandlesConfig;
import io.mixgate.config.CandlesPostgresConfig;
import io.mixgate.config.GatewayConfig;
import io.mixgate.market.CandleRetention;
import io.mixgate.market.CandleStore;
import io.mixgate.market.MemoryCandleStore;
import io.mixgate.market.PostgresCandleStore;
import io.mixgate.market.RedisCandleStore;
import io.mixgate.script.ScriptRedis;
import java.time.Clock;

/**
 * Opens the candle history store that {@code candles.store} names: the one switch between
 * memory, Redis (through the {@code redis.pools} entry {@code candles.redisPool}) and PostgreSQL.
 * Nothing connects here: the Redis pool and the PostgreSQL connections open on first use, so a
 * store that is down at start makes {@code mix.candles} answer errors, not the node fail.
 * Only {@link Gateway} uses it, at start.
 */
final class CandleStores {
    private CandleStores() {
    }

    static CandleStore open(GatewayConfig config, ScriptRedis redisPools, Clock clock) {
        CandlesConfig c = config.candles();
        CandleRetention retention = new CandleRetention(c.retention(), clock::millis);
        return switch (c.store()) {
            case "redis" -> {
                ScriptRedis.Connection pool = redisPools.connection(c.redisPool());
                yield new RedisCandleStore(pool::command, config.redis().prefix(), retention, c.maxPerSeries(),
                        c.maxRange());
            }
            case "postgres" -> {
                CandlesPostgresConfig pg = c.postgres();
                yield new PostgresCandleStore(new PostgresCandleStore.Settings(pg.url(), pg.user(), pg.password(),
                        pg.table(), pg.poolSize(), pg.connectTimeout(), pg.queryTimeout()), retention, c.maxRange());
            }
            default -> new MemoryCandleStore(retention, c.maxPerSeries(), c.maxCandles(), c.maxRange());
        };
    }
}
