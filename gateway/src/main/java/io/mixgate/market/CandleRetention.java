package io.mixgate.market;

import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How long closed candles of each interval are kept, and the clock they are measured against.
 * A candle is kept while {@code openTime >= now - retention(interval)}. Immutable and thread-safe.
 *
 * @param byInterval retention by interval name ({@code 1m}, {@code 1h}, ...); every interval present
 * @param clock      now, ms since the epoch
 */
public record CandleRetention(Map<String, Duration> byInterval, LongSupplier clock) {

    public CandleRetention {
        byInterval = Map.copyOf(byInterval);
    }

    /** The oldest open time still kept for {@code interval} now. */
    public long cutoff(CandleInterval interval) {
        Duration keep = byInterval.get(interval.name());
        long millis = keep == null ? Long.MAX_VALUE : keep.toMillis();
        long now = clock.getAsLong();
        return millis >= now ? 0 : now - millis;
    }
}
