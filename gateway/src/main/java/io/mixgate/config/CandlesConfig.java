package io.mixgate.config;

import io.mixgate.market.CandleInterval;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Candle history ({@code candles:} in the YAML): where {@code mix.candles.put} keeps closed
 * candles, for how long, and the bounds. Every key may be left out. Not hot: a change needs a restart.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param store        {@code memory} (default: this node only, lost on restart), {@code redis} (shared by
 *                     the mesh, through the {@code redis.pools} entry {@code redisPool}) or {@code postgres}
 * @param retention    how long candles of each interval are kept, by interval name; an interval left out keeps
 *                     its default ({@link #DEFAULT_RETENTION}); each {@code 1m..87600h} (10 years)
 * @param maxRange     most candles one {@code mix.candles.range} answers, {@code 1..100000}, default 1000
 * @param maxPerSeries most candles kept per pair and interval (memory and redis; one more drops the oldest),
 *                     {@code 1..10000000}, default 100000
 * @param maxCandles   most candles the memory store holds in all (one more is refused), {@code 1..100000000},
 *                     default 1000000
 * @param redisPool    the {@code redis.pools} entry the redis store uses, default {@code default}
 * @param postgres     the postgres store
 */
public record CandlesConfig(String store, Map<String, Duration> retention, Integer maxRange, Integer maxPerSeries,
                            Integer maxCandles, String redisPool, CandlesPostgresConfig postgres) {

    /** The retention of every interval unless configured: about a day of 1s, a week of 1m, a year of 1h, 5 years of 1d. */
    public static final Map<String, Duration> DEFAULT_RETENTION = defaultRetention();

    public CandlesConfig {
        store = store == null ? "memory" : store;
        if (!store.equals("memory") && !store.equals("redis") && !store.equals("postgres")) {
            throw new InvalidValueException("store", Require.show(store), "memory, redis or postgres");
        }
        Map<String, Duration> merged = new LinkedHashMap<>(DEFAULT_RETENTION);
        if (retention != null) {
            retention.forEach((name, keep) -> {
                try {
                    CandleInterval.named("retention." + name, name);
                } catch (IllegalArgumentException e) {
                    throw new InvalidValueException("retention." + name, Require.show(keep),
                            "a key that is a candle interval: one of " + String.join(", ", DEFAULT_RETENTION.keySet()));
                }
                merged.put(name, Require.durationRange("retention." + name, Require.present("retention." + name, keep,
                        "a duration such as 168h"), Duration.ofMinutes(1), Duration.ofHours(87_600)));
            });
        }
        retention = Map.copyOf(merged);
        maxRange = Require.range("maxRange", maxRange == null ? 1000 : maxRange, 1, 100_000);
        maxPerSeries = Require.range("maxPerSeries", maxPerSeries == null ? 100_000 : maxPerSeries, 1, 10_000_000);
        maxCandles = Require.range("maxCandles", maxCandles == null ? 1_000_000 : maxCandles, 1, 100_000_000);
        redisPool = redisPool == null ? "default" : redisPool;
        postgres = postgres == null ? CandlesPostgresConfig.defaults() : postgres;
    }

    public static CandlesConfig defaults() {
        return new CandlesConfig(null, null, null, null, null, null, null);
    }

    private static Map<String, Duration> defaultRetention() {
        Map<String, Duration> m = new LinkedHashMap<>();
        m.put("1s", Duration.ofHours(24));
        m.put("1m", Duration.ofDays(7));
        m.put("3m", Duration.ofDays(30));
        m.put("5m", Duration.ofDays(30));
        m.put("15m", Duration.ofDays(90));
        m.put("30m", Duration.ofDays(90));
        m.put("1h", Duration.ofDays(365));
        m.put("2h", Duration.ofDays(365));
        m.put("4h", Duration.ofDays(365));
        m.put("6h", Duration.ofDays(365 * 5));
        m.put("8h", Duration.ofDays(365 * 5));
        m.put("12h", Duration.ofDays(365 * 5));
        m.put("1d", Duration.ofDays(365 * 5));
        return java.util.Collections.unmodifiableMap(m);
    }
}
