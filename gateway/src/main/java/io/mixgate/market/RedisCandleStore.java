package io.mixgate.market;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Candle history in Redis, shared by every node of a mesh: one sorted set per series,
 * {@code <prefix>candles:{<pair>:<interval>}}, scored by open time, each member the candle as
 * text ({@code t|o|h|l|c|v|q|n}). A put is one Lua script (atomic): it trims what the retention
 * and {@code maxPerSeries} no longer keep, and adds the candle only when no member has its open
 * time — so the first writer wins, even when two nodes put the same candle. Every command names
 * its one key, so the store works on a Redis Cluster too (the braces keep a series in one slot).
 * The key expires after the interval's retention when nothing is written to it.
 *
 * <p>Thread-safe: stateless apart from the thread-safe {@link Commands}.
 */
public final class RedisCandleStore implements CandleStore {
    private static final String PUT = """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
            if tonumber(ARGV[1]) < tonumber(ARGV[3]) then return 0 end
            if #redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[1], 'LIMIT', 0, 1) > 0 then return 0 end
            redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
            local n = redis.call('ZCARD', KEYS[1])
            local max = tonumber(ARGV[4])
            if n > max then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, n - max - 1) end
            if tonumber(ARGV[5]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[5]) end
            return 1
            """;

    /** One Redis command and its reply, as {@code mix.redis} runs them; blocks at most the pool's timeout. */
    @FunctionalInterface
    public interface Commands {
        /** @return the reply: Long, byte[], String, List of these, or null */
        Object command(List<byte[]> args) throws Exception;
    }

    private final Commands redis;
    private final String prefix;
    private final CandleRetention retention;
    private final int maxPerSeries;
    private final int maxRange;

    public RedisCandleStore(Commands redis, String prefix, CandleRetention retention, int maxPerSeries, int maxRange) {
        this.redis = redis;
        this.prefix = prefix;
        this.retention = retention;
        this.maxPerSeries = maxPerSeries;
        this.maxRange = maxRange;
    }

    @Override
    public boolean put(String pair, StoredCandle c) throws CandleStoreException {
        CandleStore.checkPair(pair);
        long cutoff = retention.cutoff(c.interval());
        long expire = cutoff == 0 ? 0 : Math.max(1, retention.clock().getAsLong() - cutoff + c.interval().millis());
        String member = c.openTime() + "|" + Decimals.text(c.open()) + "|" + Decimals.text(c.high()) + "|"
                + Decimals.text(c.low()) + "|" + Decimals.text(c.close()) + "|" + Decimals.text(c.volume()) + "|"
                + Decimals.text(c.quoteVolume()) + "|" + c.trades();
        Object reply = call(true, "EVAL", PUT, "1", key(pair, c.interval()), Long.toString(c.openTime()), member,
                Long.toString(cutoff), Integer.toString(maxPerSeries), Long.toString(expire));
        return reply instanceof Long n && n == 1;
    }

    @Override
    public List<StoredCandle> range(String pair, CandleInterval interval, long from, long to, int limit, boolean last)
            throws CandleStoreException {
        int n = CandleStore.checkRange(pair, interval, from, to, limit, maxRange);
        String key = key(pair, interval);
        Object reply = last
                ? call(false, "ZREVRANGEBYSCORE", key, Long.toString(to), Long.toString(from), "LIMIT", "0", Integer.toString(n))
                : call(false, "ZRANGEBYSCORE", key, Long.toString(from), Long.toString(to), "LIMIT", "0", Integer.toString(n));
        if (!(reply instanceof List<?> members)) {
            throw new CandleStoreException("candle store: unexpected reply from redis: " + reply, false, null);
        }
        List<StoredCandle> out = new ArrayList<>(members.size());
        for (Object m : members) {
            out.add(parse(interval, m instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(m)));
        }
        if (last) {
            Collections.reverse(out);
        }
        return out;
    }

    private String key(String pair, CandleInterval interval) {
        return prefix + "candles:{" + pair + ":" + interval.name() + "}";
    }

    private static StoredCandle parse(CandleInterval interval, String member) throws CandleStoreException {
        String[] f = member.split("\\|");
        try {
            return new StoredCandle(interval, Long.parseLong(f[0]), new BigDecimal(f[1]), new BigDecimal(f[2]),
                    new BigDecimal(f[3]), new BigDecimal(f[4]), new BigDecimal(f[5]), new BigDecimal(f[6]),
                    Long.parseLong(f[7]));
        } catch (RuntimeException e) {
            throw new CandleStoreException("candle store: a stored candle cannot be read: " + member, false, e);
        }
    }

    private Object call(boolean write, String... words) throws CandleStoreException {
        List<byte[]> args = new ArrayList<>(words.length);
        for (String w : words) {
            args.add(w.getBytes(StandardCharsets.UTF_8));
        }
        try {
            return redis.command(args);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CandleStoreException("candle store unavailable: interrupted", write, e);
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            // a put that timed out may have reached Redis; one refused before sending certainly did not,
            // but the client does not tell them apart reliably: say unknown (a put again is harmless)
            throw new CandleStoreException("candle store unavailable: redis: " + why, write, e);
        }
    }

    @Override
    public int maxRange() {
        return maxRange;
    }

    @Override
    public void close() {
        // the connection belongs to the node's redis.pools
    }
}
