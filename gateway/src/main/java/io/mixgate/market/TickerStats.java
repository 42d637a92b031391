package io.mixgate.market;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The rolling statistics of a {@link RollingTicker} at time {@code closeTime} over
 * {@code openTime..closeTime}: open (first trade in the window), high, low, last, volume,
 * quote volume, trade count, change = last − open, change % = change × 100 / open rounded
 * half-even to 3 decimals (as Binance), weighted average price = quote volume / volume
 * ({@link Decimals#DIVISION}), first/last trade id. With no trade in the window the prices,
 * change and ids are null and the volumes zero. Immutable.
 */
public record TickerStats(long openTime, long closeTime, BigDecimal open, BigDecimal high, BigDecimal low,
                          BigDecimal last, BigDecimal volume, BigDecimal quoteVolume, long count, BigDecimal change,
                          BigDecimal changePercent, BigDecimal weightedAverage, Long firstId, Long lastId) {

    static TickerStats of(long openTime, long closeTime, BigDecimal open, BigDecimal high, BigDecimal low,
                          BigDecimal last, BigDecimal volume, BigDecimal quote, long count, Long firstId, Long lastId) {
        if (count == 0) {
            return new TickerStats(openTime, closeTime, null, null, null, null, BigDecimal.ZERO, BigDecimal.ZERO, 0,
                    null, null, null, null, null);
        }
        BigDecimal change = last.subtract(open);
        BigDecimal percent = change.multiply(BigDecimal.valueOf(100)).divide(open, 3, java.math.RoundingMode.HALF_EVEN);
        return new TickerStats(openTime, closeTime, open, high, low, last, volume, quote, count, change, percent,
                Decimals.divide(quote, volume), firstId, lastId);
    }

    /** Equal statistics, ignoring the window's times and the scale of equal numbers. */
    public boolean sameFigures(TickerStats o) {
        return o != null && same(open, o.open) && same(high, o.high) && same(low, o.low) && same(last, o.last)
                && same(volume, o.volume) && same(quoteVolume, o.quoteVolume) && count == o.count
                && same(changePercent, o.changePercent) && same(weightedAverage, o.weightedAverage)
                && Objects.equals(firstId, o.firstId) && Objects.equals(lastId, o.lastId);
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }
}
