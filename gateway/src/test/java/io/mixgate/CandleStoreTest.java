package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mixgate.config.CandlesConfig;
import io.mixgate.config.RedisConfig;
import io.mixgate.config.RedisPoolConfig;
import io.mixgate.market.CandleInterval;
import io.mixgate.market.CandleRetention;
import io.mixgate.market.CandleStore;
import io.mixgate.market.CandleStoreException;
import io.mixgate.market.MemoryCandleStore;
import io.mixgate.market.PostgresCandleStore;
import io.mixgate.market.RedisCandleStore;
import io.mixgate.market.StoredCandle;
import io.mixgate.redis.CommandPools;
import io.mixgate.redis.RedisResources;
import io.mixgate.transport.RedisFlushConsolidation;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one contract of {@link CandleStore}, run against memory, a real Redis and a real PostgreSQL
 * that the test starts: exact decimals, written once (also by two stores = two nodes on the same
 * backend), retention, range limits, and a backend that is down.
 */
class CandleStoreTest {
    static final CandleInterval M1 = CandleInterval.named("interval", "1m");
    static final long T0 = 1_606_165_140_000L;

    static RedisServer redis;
    static PostgresServer postgres;
    static RedisResources resources;
    static CommandPools pools;
    static int table;

    @BeforeAll
    static void startBackends() throws Exception {
        redis = RedisServer.launch();
        postgres = PostgresServer.launch();
        RedisConfig d = RedisConfig.defaults();
        RedisConfig config = new RedisConfig("", d.sentinel(), List.of(), "", 0, d.connectTimeout(),
                Duration.ofSeconds(1), "t:", d.heartbeat(), d.nodeExpiry(), d.pingInterval(), d.staleAfter(),
                d.sendTimeout(), d.countTimeout(), d.publishCounts(), "",
                List.of(new RedisPoolConfig("candles", redis.hostPort(), "", 0, 2)));
        resources = new RedisResources(config, new RedisFlushConsolidation());
        pools = new CommandPools(config, resources);
    }

    @AfterAll
    static void stopBackends() throws Exception {
        if (pools != null) {
            pools.close();
        }
        if (resources != null) {
            resources.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /** Makes a fresh, empty store of each kind over the clock (two calls on one backend share its data). */
    private static List<Function<AtomicLong, CandleStore>> kinds(String namespace) {
        return List.of(
                clock -> new MemoryCandleStore(retention(clock), 5, 100, 3),
                clock -> new RedisCandleStore(pools.connection("candles")::command, namespace + ":", retention(clock),
                        5, 3),
                clock -> new PostgresCandleStore(new PostgresCandleStore.Settings(postgres.jdbcUrl(), "mixgate", "",
                        namespace, 2, Duration.ofSeconds(2), Duration.ofSeconds(2)), retention(clock), 3));
    }

    private static CandleRetention retention(AtomicLong clock) {
        return new CandleRetention(Map.of("1m", Duration.ofHours(1)), clock::get);
    }

    private static String namespace() {
        return "candles_t" + (++table);
    }

    static StoredCandle candle(long t, String o, String h, String l, String c, String v) {
        return new StoredCandle(M1, t, new BigDecimal(o), new BigDecimal(h), new BigDecimal(l), new BigDecimal(c),
                new BigDecimal(v), new BigDecimal("123456789.123456789123456789"), 7);
    }

    @Test
    void roundTripsExactDecimalsAscendingWithFirstAndLastLimits() throws Exception {
        String ns = namespace();
        for (Function<AtomicLong, CandleStore> kind : kinds(ns)) {
            try (CandleStore store = kind.apply(new AtomicLong(T0))) {
                String what = store.getClass().getSimpleName();
                // 0.1 + 0.2 style values and more digits than a double holds come back exactly
                assertTrue(store.put("BTC-EUR", candle(T0 + 60_000, "15541.2550", "15551.91", "15541.255",
                        "15551.51", "0.04699165")), what);
                assertTrue(store.put("BTC-EUR", candle(T0, "0.1", "0.30000000000000000001", "0.1", "0.2",
                        "12345678901234567890.123456789")), what);
                assertTrue(store.put("BTC-EUR", candle(T0 + 120_000, "1", "1", "1", "1", "0")), what);
                assertTrue(store.put("ETH-EUR", candle(T0, "2", "2", "2", "2", "0")), what);
                List<StoredCandle> all = store.range("BTC-EUR", M1, 0, 9_999_999_999_999L, 100, false);
                assertEquals(List.of(T0, T0 + 60_000, T0 + 120_000), all.stream().map(StoredCandle::openTime).toList(), what);
                StoredCandle first = all.getFirst();
                assertEquals("0.30000000000000000001", first.high().toPlainString(), what);
                assertEquals("12345678901234567890.123456789", first.volume().toPlainString(), what);
                assertEquals("123456789.123456789123456789", first.quoteVolume().toPlainString(), what);
                assertEquals(7, first.trades(), what);
                assertEquals("15541.255", all.get(1).open().toPlainString(), what + ": normalised");
                assertEquals(List.of(T0, T0 + 60_000), times(store.range("BTC-EUR", M1, 0, T0 + 999_999, 2, false)), what);
                assertEquals(List.of(T0 + 60_000, T0 + 120_000), times(store.range("BTC-EUR", M1, 0, T0 + 999_999, 2, true)), what);
                assertEquals(List.of(T0 + 60_000), times(store.range("BTC-EUR", M1, T0 + 1, T0 + 60_000, 5, false)), what);
                assertEquals(3, store.range("BTC-EUR", M1, 0, Long.MAX_VALUE, 1000, false).size(), what + ": maxRange");
                assertEquals(List.of(), store.range("XRP-EUR", M1, 0, Long.MAX_VALUE, 5, false), what);
                assertThrows(IllegalArgumentException.class, () -> store.range("BTC EUR", M1, 0, 1, 1, false), what);
                assertThrows(IllegalArgumentException.class, () -> store.range("BTC-EUR", M1, 2, 1, 1, false), what);
            }
        }
    }

    @Test
    void writesOnceEvenFromTwoNodes() throws Exception {
        String ns = namespace();
        List<Function<AtomicLong, CandleStore>> kinds = kinds(ns);
        for (Function<AtomicLong, CandleStore> kind : kinds.subList(1, 3)) {
            AtomicLong clock = new AtomicLong(T0);
            try (CandleStore node1 = kind.apply(clock); CandleStore node2 = kind.apply(clock)) {
                String what = node1.getClass().getSimpleName();
                assertTrue(node1.put("BTC-USD", candle(T0, "1", "2", "1", "2", "3")), what);
                assertFalse(node1.put("BTC-USD", candle(T0, "1", "2", "1", "2", "3")), what + ": the same again");
                assertFalse(node2.put("BTC-USD", candle(T0, "1", "9", "1", "9", "9")), what + ": another node, other figures");
                List<StoredCandle> stored = node2.range("BTC-USD", M1, 0, Long.MAX_VALUE, 10, false);
                assertEquals(1, stored.size(), what);
                assertEquals("2", stored.getFirst().high().toPlainString(), what + ": the first writer won");
            }
        }
        try (CandleStore memory = kinds.getFirst().apply(new AtomicLong(T0))) {
            assertTrue(memory.put("BTC-USD", candle(T0, "1", "2", "1", "2", "3")));
            assertFalse(memory.put("BTC-USD", candle(T0, "1", "9", "1", "9", "9")));
            assertEquals("2", memory.range("BTC-USD", M1, 0, Long.MAX_VALUE, 10, false).getFirst().high().toPlainString());
        }
    }

    @Test
    void dropsWhatTheRetentionNoLongerKeeps() throws Exception {
        String ns = namespace();
        for (Function<AtomicLong, CandleStore> kind : kinds(ns)) {
            AtomicLong clock = new AtomicLong(T0);
            try (CandleStore store = kind.apply(clock)) {
                String what = store.getClass().getSimpleName();
                assertTrue(store.put("BTC-USD", candle(T0 - 3_600_000, "1", "1", "1", "1", "1")), what + ": 1 h old: kept");
                assertFalse(store.put("BTC-USD", candle(T0 - 3_660_000, "1", "1", "1", "1", "1")), what + ": older: not kept");
                clock.addAndGet(120_000);
                assertTrue(store.put("BTC-USD", candle(T0, "1", "1", "1", "1", "1")), what);
                assertEquals(List.of(T0), times(store.range("BTC-USD", M1, 0, Long.MAX_VALUE, 10, false)),
                        what + ": the expired candle was removed on the next put");
            }
        }
    }

    @Test
    void boundsEachSeriesAndTheMemoryTotal() throws Exception {
        String ns = namespace();
        for (Function<AtomicLong, CandleStore> kind : kinds(ns).subList(0, 2)) {
            try (CandleStore store = kind.apply(new AtomicLong(T0 + 3_000_000))) {
                for (int i = 0; i < 7; i++) {
                    assertTrue(store.put("BTC-USD", candle(T0 + i * 60_000L, "1", "1", "1", "1", "1")));
                }
                assertEquals(List.of(T0 + 240_000, T0 + 300_000, T0 + 360_000),
                        times(store.range("BTC-USD", M1, 0, Long.MAX_VALUE, 3, true)));
                assertEquals(T0 + 120_000, store.range("BTC-USD", M1, 0, Long.MAX_VALUE, 3, false).getFirst().openTime(),
                        store.getClass().getSimpleName() + ": maxPerSeries 5 kept the newest 5");
            }
        }
        MemoryCandleStore memory = new MemoryCandleStore(retention(new AtomicLong(T0)), 5, 2, 3);
        memory.put("A", candle(T0, "1", "1", "1", "1", "1"));
        memory.put("B", candle(T0, "1", "1", "1", "1", "1"));
        CandleStoreException full = assertThrows(CandleStoreException.class,
                () -> memory.put("C", candle(T0, "1", "1", "1", "1", "1")));
        assertEquals("candle store full: candles.maxCandles is 2 (not stored)", full.getMessage());
        assertFalse(full.unknown());
        assertEquals(2, memory.size());
    }

    @Test
    void aStoreThatIsDownSaysSoAndRecovers() throws Exception {
        String ns = namespace();
        List<Function<AtomicLong, CandleStore>> kinds = kinds(ns);
        try (CandleStore r = kinds.get(1).apply(new AtomicLong(T0)); CandleStore pg = kinds.get(2).apply(new AtomicLong(T0))) {
            assertTrue(r.put("BTC-USD", candle(T0, "1", "1", "1", "1", "1")));
            assertTrue(pg.put("BTC-USD", candle(T0, "1", "1", "1", "1", "1")));
            redis.stop();
            postgres.stop();
            try {
                CandleStoreException e = assertThrows(CandleStoreException.class,
                        () -> r.range("BTC-USD", M1, 0, Long.MAX_VALUE, 10, false));
                assertTrue(e.getMessage().startsWith("candle store unavailable: redis:"), e.getMessage());
                e = assertThrows(CandleStoreException.class, () -> pg.range("BTC-USD", M1, 0, Long.MAX_VALUE, 10, false));
                assertTrue(e.getMessage().startsWith("candle store unavailable: postgres:"), e.getMessage());
                e = assertThrows(CandleStoreException.class, () -> pg.put("BTC-USD", candle(T0 + 60_000, "1", "1", "1", "1", "1")));
                assertTrue(e.getMessage().startsWith("candle store unavailable: postgres:"), e.getMessage());
            } finally {
                redis.start();
                postgres.start();
            }
            // redis lost its data (no persistence in the test); postgres kept it
            Await.until("redis answers again", Duration.ofSeconds(20), () -> {
                try {
                    return r.range("BTC-USD", M1, 0, Long.MAX_VALUE, 10, false).size();
                } catch (CandleStoreException e) {
                    return -1;
                }
            }, n -> n == 0);
            Await.until("postgres answers again", Duration.ofSeconds(20), () -> {
                try {
                    return pg.range("BTC-USD", M1, 0, Long.MAX_VALUE, 10, false).size();
                } catch (CandleStoreException e) {
                    return -1;
                }
            }, n -> n == 1);
        }
    }

    @Test
    void configDefaultsAreBoundedAndErrorsNameKeyAndValue() {
        CandlesConfig d = CandlesConfig.defaults();
        assertEquals("memory", d.store());
        assertEquals(Duration.ofDays(7), d.retention().get("1m"));
        assertEquals(Duration.ofDays(365), d.retention().get("1h"));
        assertEquals(13, d.retention().size());
        assertEquals(1000, d.maxRange());
        var e = assertThrows(IllegalArgumentException.class,
                () -> new CandlesConfig("mongo", null, null, null, null, null, null));
        assertEquals("store: \"mongo\" (expected: memory, redis or postgres)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new CandlesConfig(null, Map.of("2d", Duration.ofDays(1)), null, null, null, null, null));
        assertTrue(e.getMessage().startsWith("retention.2d: 24h0m0s (expected: a key that is a candle interval"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new CandlesConfig(null, Map.of("1m", Duration.ofSeconds(1)), null, null, null, null, null));
        assertTrue(e.getMessage().startsWith("retention.1m: 1s"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new CandlesConfig(null, null, 0, null, null, null, null));
        assertEquals("maxRange: 0 (expected: 1..100000)", e.getMessage());
    }

    private static List<Long> times(List<StoredCandle> candles) {
        List<Long> out = new ArrayList<>();
        candles.forEach(c -> out.add(c.openTime()));
        return out;
    }
}
