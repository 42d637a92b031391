package io.mixgate.market;

import java.math.BigDecimal;
import java.util.ArrayDeque;

/**
 * The rolling ticker of one symbol (24 h by default): trades are summed into buckets of
 * {@code bucketMs} (1 s by default) and a trade counts at time {@code now} while its bucket's
 * start is after {@code now − windowMs}; with {@code bucketMs = 1} that is exactly "traded in
 * the last {@code windowMs}". Sums are exact and kept incrementally (added and subtracted),
 * high and low by monotonic queues, so {@link #stats} costs O(1) amortised and equals a
 * brute-force recomputation over the same trades. Memory is bounded by construction: at most
 * {@code windowMs / bucketMs + 1} buckets. Trades must come in time order per bucket: one
 * older than the newest bucket is refused (it could no longer be placed).
 *
 * <p>{@link #poll} answers the statistics only when they changed since the last answer and at
 * least {@code minEmitMs} passed since then, so a timer can call it often and push at most
 * once per {@code minEmitMs}.
 *
 * <p>Not thread-safe: one owner. Time comes in as arguments (ms since the epoch).
 */
public final class RollingTicker {
    private final long windowMs;
    private final long bucketMs;
    private final long minEmitMs;
    private final ArrayDeque<TickerBucket> buckets = new ArrayDeque<>();
    private final ArrayDeque<TickerBucket> highs = new ArrayDeque<>();
    private final ArrayDeque<TickerBucket> lows = new ArrayDeque<>();
    private BigDecimal volume = BigDecimal.ZERO;
    private BigDecimal quote = BigDecimal.ZERO;
    private long count;
    private TickerStats emitted;
    private long emittedAt = Long.MIN_VALUE;

    /**
     * @param maxBuckets the most buckets a window may need ({@code windowMs / bucketMs}), a bound on memory
     */
    public RollingTicker(long windowMs, long bucketMs, long minEmitMs, int maxBuckets) {
        if (windowMs < 1) {
            throw new IllegalArgumentException("window_ms: " + windowMs + " (expected: >= 1)");
        }
        if (bucketMs < 1 || bucketMs > windowMs) {
            throw new IllegalArgumentException("bucket_ms: " + bucketMs + " (expected: 1..window_ms " + windowMs + ")");
        }
        if (windowMs / bucketMs > maxBuckets) {
            throw new IllegalArgumentException("max_buckets (" + maxBuckets + ") exceeded: window_ms " + windowMs
                    + " / bucket_ms " + bucketMs + " needs " + (windowMs / bucketMs) + " buckets");
        }
        if (minEmitMs < 0) {
            throw new IllegalArgumentException("min_emit_ms: " + minEmitMs + " (expected: >= 0)");
        }
        this.windowMs = windowMs;
        this.bucketMs = bucketMs;
        this.minEmitMs = minEmitMs;
    }

    /** @throws IllegalArgumentException when {@code t} is older than the newest bucket */
    public void add(Trade t) {
        long start = Math.floorDiv(t.time(), bucketMs) * bucketMs;
        TickerBucket newest = buckets.peekLast();
        if (newest != null && start < newest.start) {
            throw new IllegalArgumentException("trade time " + t.time() + " is before the ticker's newest bucket ("
                    + newest.start + "): trades must come in time order");
        }
        if (newest != null && start == newest.start) {
            newest.add(t);
            highs.pollLast(); // the newest bucket is always the last entry of both queues
            lows.pollLast();
        } else {
            newest = new TickerBucket(start, t);
            buckets.addLast(newest);
        }
        while (!highs.isEmpty() && highs.peekLast().high.compareTo(newest.high) <= 0) {
            highs.pollLast();
        }
        highs.addLast(newest);
        while (!lows.isEmpty() && lows.peekLast().low.compareTo(newest.low) >= 0) {
            lows.pollLast();
        }
        lows.addLast(newest);
        volume = volume.add(t.quantity());
        quote = quote.add(t.quote());
        count += t.count();
    }

    /** The statistics at {@code now}; buckets that left the window are dropped for good. */
    public TickerStats stats(long now) {
        long from = now - windowMs;
        while (!buckets.isEmpty() && buckets.peekFirst().start <= from) {
            TickerBucket gone = buckets.pollFirst();
            volume = volume.subtract(gone.volume);
            quote = quote.subtract(gone.quote);
            count -= gone.count;
            if (highs.peekFirst() == gone) {
                highs.pollFirst();
            }
            if (lows.peekFirst() == gone) {
                lows.pollFirst();
            }
        }
        if (buckets.isEmpty()) {
            return TickerStats.of(from, now, null, null, null, null, volume, quote, 0, null, null);
        }
        TickerBucket first = buckets.peekFirst();
        TickerBucket last = buckets.peekLast();
        return TickerStats.of(from, now, first.open, highs.peekFirst().high, lows.peekFirst().low, last.close, volume,
                quote, count, first.firstId, last.lastId);
    }

    /**
     * The statistics at {@code now} if they differ from the last ones answered here and
     * {@code minEmitMs} has passed since; null otherwise (nothing to push).
     */
    public TickerStats poll(long now) {
        if (emittedAt != Long.MIN_VALUE && now - emittedAt < minEmitMs) {
            return null;
        }
        TickerStats s = stats(now);
        if (s.sameFigures(emitted) || (emitted == null && s.count() == 0)) {
            return null;
        }
        emitted = s;
        emittedAt = now;
        return s;
    }

    /** Buckets held now. */
    public int buckets() {
        return buckets.size();
    }
}
