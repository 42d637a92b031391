package io.mixgate.market;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges the trades of one window (between two {@link #flush()} calls, e.g. every 100 ms):
 * consecutive trades at the same price on the same side collapse into one {@link MergedTrade}
 * whose quantity is their exact sum; the order of the tape is kept (a later trade at a price
 * seen earlier, with another price between, starts a new entry, so the last entry's price is
 * always the last traded price). At most {@code maxTrades} trades per window: one more is
 * refused with an error (flush first), nothing is dropped silently.
 *
 * <p>Not thread-safe: one owner.
 */
public final class TradeMerger {
    private final int maxTrades;
    private final List<MergedTrade> runs = new ArrayList<>();
    private int added;
    private long firstId;
    private long lastId;
    private long count;
    private BigDecimal open;
    private BigDecimal high;
    private BigDecimal low;
    private BigDecimal close;
    private BigDecimal volume = BigDecimal.ZERO;
    private BigDecimal quote = BigDecimal.ZERO;

    public TradeMerger(int maxTrades) {
        if (maxTrades < 1) {
            throw new IllegalArgumentException("max_trades: " + maxTrades + " (expected: >= 1)");
        }
        this.maxTrades = maxTrades;
    }

    /** @throws IllegalStateException when the window already holds {@code maxTrades} trades */
    public void add(Trade t) {
        if (added >= maxTrades) {
            throw new IllegalStateException("max_trades (" + maxTrades + ") reached in this window: flush first");
        }
        added++;
        int last = runs.size() - 1;
        if (last >= 0 && runs.get(last).takes(t)) {
            runs.set(last, runs.get(last).plus(t));
        } else {
            runs.add(MergedTrade.of(t));
        }
        if (open == null) {
            open = high = low = t.price();
            firstId = t.firstId();
        }
        high = high.max(t.price());
        low = low.min(t.price());
        close = t.price();
        lastId = t.lastId();
        count += t.count();
        volume = volume.add(t.quantity());
        quote = quote.add(t.quote());
    }

    /** The trades added since the last flush, or null when there were none; starts a new window. */
    public TradeBatch flush() {
        if (runs.isEmpty()) {
            return null;
        }
        TradeBatch batch = new TradeBatch(runs, firstId, lastId, count, open, high, low, close, volume, quote,
                Decimals.divide(quote, volume));
        runs.clear();
        added = 0;
        count = 0;
        open = high = low = close = null;
        volume = BigDecimal.ZERO;
        quote = BigDecimal.ZERO;
        return batch;
    }

    /** Trades added in the current window. */
    public int pending() {
        return added;
    }
}
