package io.mixgate.market;

import java.math.BigDecimal;

/**
 * One closed candle as the history store keeps it: the seed's OHLCV plus quote volume and trade
 * count, decimals exact and normalised ({@link Decimals#text}). Immutable.
 *
 * @param interval    its interval
 * @param openTime    start of the interval, ms since the epoch (UTC), a multiple of the interval
 * @param open        first price
 * @param high        highest price, at least open, close and low
 * @param low         lowest price
 * @param close       last price
 * @param volume      base volume, at least 0
 * @param quoteVolume quote volume (Σ price × qty), at least 0
 * @param trades      number of trades, at least 0
 */
public record StoredCandle(CandleInterval interval, long openTime, BigDecimal open, BigDecimal high, BigDecimal low,
                           BigDecimal close, BigDecimal volume, BigDecimal quoteVolume, long trades) {

    /** Validates the candle; an {@link IllegalArgumentException} names the field and the value. */
    public StoredCandle {
        if (interval == null) {
            throw new IllegalArgumentException("interval: missing");
        }
        if (openTime < 0 || interval.start(openTime) != openTime) {
            throw new IllegalArgumentException("t: " + openTime + " (expected: the start of a " + interval.name()
                    + " interval, a multiple of " + interval.millis() + " ms)");
        }
        open = required("o", open);
        high = required("h", high);
        low = required("l", low);
        close = required("c", close);
        volume = required("v", volume);
        quoteVolume = required("q", quoteVolume);
        if (high.compareTo(low) < 0 || high.compareTo(open) < 0 || high.compareTo(close) < 0
                || low.compareTo(open) > 0 || low.compareTo(close) > 0) {
            throw new IllegalArgumentException("h/l: high " + high.toPlainString() + ", low " + low.toPlainString()
                    + " (expected: low <= open, close <= high)");
        }
        if (volume.signum() < 0 || quoteVolume.signum() < 0) {
            throw new IllegalArgumentException("v/q: " + volume.toPlainString() + "/" + quoteVolume.toPlainString()
                    + " (expected: not negative)");
        }
        if (trades < 0) {
            throw new IllegalArgumentException("n: " + trades + " (expected: not negative)");
        }
    }

    /** The end of the interval, ms (inclusive), as a kline's {@code T}. */
    public long closeTime() {
        return openTime + interval.millis() - 1;
    }

    private static BigDecimal required(String field, BigDecimal value) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": missing (expected: a decimal such as \"0.5\")");
        }
        return new BigDecimal(Decimals.text(value));
    }
}
