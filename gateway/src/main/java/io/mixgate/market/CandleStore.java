package io.mixgate.market;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The history of closed candles, per pair and interval: {@link MemoryCandleStore} on a single
 * node, {@link RedisCandleStore} in a mesh, {@link PostgresCandleStore} when configured.
 *
 * <p>Guarantees of every implementation: a candle is <b>written once</b> — the first
 * {@link #put} of a (pair, interval, open time) wins and later ones (the same candle again, or
 * from another node) change nothing; decimals come back exactly as they went in (normalised);
 * candles older than the interval's retention are removed (on write, so a store that receives
 * nothing keeps what it has); {@link #range} answers ascending by open time and at most
 * {@link #maxRange()} candles.
 *
 * <p>Thread safety: implementations are thread-safe. {@link #put} and {@link #range} may block
 * (network I/O, bounded by the store's timeouts): call them from a virtual thread (a script lane),
 * never from an event loop.
 */
public interface CandleStore extends AutoCloseable {
    /** What a pair may be named: 1..64 letters, digits and {@code - _ . / :}. */
    Pattern PAIR = Pattern.compile("[A-Za-z0-9_./:-]{1,64}");

    /**
     * Stores {@code candle} of {@code pair} unless one with the same open time is there already.
     *
     * @return true when it was written, false when that open time was stored before (nothing changed)
     *         or it is older than the retention (not kept)
     * @throws IllegalArgumentException for a bad pair
     * @throws CandleStoreException when the store cannot be reached or refuses (see its {@code unknown()})
     */
    boolean put(String pair, StoredCandle candle) throws CandleStoreException;

    /**
     * The candles of {@code pair} and {@code interval} with {@code from <= openTime <= to}, ascending.
     *
     * @param limit at most this many, {@code 1..}{@link #maxRange()} (a larger one is cut to it)
     * @param last  when more match than {@code limit}: true = the last ones (the newest), false = the first ones
     * @throws IllegalArgumentException for a bad pair, {@code from > to} or {@code limit < 1}
     * @throws CandleStoreException when the store cannot be reached
     */
    List<StoredCandle> range(String pair, CandleInterval interval, long from, long to, int limit, boolean last)
            throws CandleStoreException;

    /** The most candles one {@link #range} answers. */
    int maxRange();

    /** Releases connections; idempotent. */
    @Override
    void close();

    /** @throws IllegalArgumentException naming the pair when it is not a valid name */
    static String checkPair(String pair) {
        if (pair == null || !PAIR.matcher(pair).matches()) {
            String shown = pair == null ? "missing" : "\"" + (pair.length() > 40 ? pair.substring(0, 40) + "..." : pair) + "\"";
            throw new IllegalArgumentException("pair: " + shown + " (expected: 1..64 letters, digits, - _ . / :)");
        }
        return pair;
    }

    /** Checks the arguments of {@link #range}; answers the effective limit. */
    static int checkRange(String pair, CandleInterval interval, long from, long to, int limit, int maxRange) {
        checkPair(pair);
        if (interval == null) {
            throw new IllegalArgumentException("interval: missing");
        }
        if (from > to) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: 1.." + maxRange + ")");
        }
        return Math.min(limit, maxRange);
    }
}
