package io.mixgate.market;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Candle history in this node's memory (the single-node default): lost when the node stops, not
 * shared with other nodes. Bounded: per series (pair + interval) at most {@code maxPerSeries}
 * candles (one more drops that series' oldest), in total at most {@code maxCandles} (one more is
 * refused with a {@link CandleStoreException}, nothing dropped), and by the retention on each put.
 *
 * <p>Thread-safe: one lock guards every series (puts and ranges are short).
 */
public final class MemoryCandleStore implements CandleStore {
    private final CandleRetention retention;
    private final int maxPerSeries;
    private final int maxCandles;
    private final int maxRange;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, TreeMap<Long, StoredCandle>> series = new HashMap<>();
    private int total;

    public MemoryCandleStore(CandleRetention retention, int maxPerSeries, int maxCandles, int maxRange) {
        this.retention = retention;
        this.maxPerSeries = maxPerSeries;
        this.maxCandles = maxCandles;
        this.maxRange = maxRange;
    }

    @Override
    public boolean put(String pair, StoredCandle candle) throws CandleStoreException {
        String key = CandleStore.checkPair(pair) + "|" + candle.interval().name();
        long cutoff = retention.cutoff(candle.interval());
        lock.lock();
        try {
            TreeMap<Long, StoredCandle> candles = series.computeIfAbsent(key, k -> new TreeMap<>());
            NavigableMap<Long, StoredCandle> expired = candles.headMap(cutoff, false);
            total -= expired.size();
            expired.clear();
            if (candle.openTime() < cutoff || candles.containsKey(candle.openTime())) {
                return false;
            }
            if (total >= maxCandles) {
                throw new CandleStoreException("candle store full: candles.maxCandles is " + maxCandles
                        + " (not stored)", false, null);
            }
            candles.put(candle.openTime(), candle);
            total++;
            if (candles.size() > maxPerSeries) {
                candles.pollFirstEntry();
                total--;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<StoredCandle> range(String pair, CandleInterval interval, long from, long to, int limit, boolean last) {
        int n = CandleStore.checkRange(pair, interval, from, to, limit, maxRange);
        lock.lock();
        try {
            TreeMap<Long, StoredCandle> candles = series.get(pair + "|" + interval.name());
            if (candles == null) {
                return List.of();
            }
            NavigableMap<Long, StoredCandle> span = candles.subMap(from, true, to, true);
            List<StoredCandle> out = new ArrayList<>(Math.min(n, span.size()));
            for (StoredCandle c : last ? span.descendingMap().values() : span.values()) {
                if (out.size() == n) {
                    break;
                }
                out.add(c);
            }
            return last ? out.reversed() : out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int maxRange() {
        return maxRange;
    }

    /** Candles held now, all series. */
    public int size() {
        lock.lock();
        try {
            return total;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
    }
}
