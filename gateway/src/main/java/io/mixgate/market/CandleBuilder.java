package io.mixgate.market;

/**
 * Builds the candles of one symbol and interval from trades, or from the closed candles of a
 * smaller interval that divides this one (1m → 5m/15m/1h/1d gives the same candles as building
 * from the trades). Candles are aligned to UTC interval boundaries ({@link CandleInterval}).
 *
 * <p>Empty intervals: no candle. An interval without trades produces nothing, neither an open
 * update nor a closed frame; the next candle starts at the next trade (a chart draws a gap).
 *
 * <p>Closing: every candle is answered closed exactly once, either by the {@link #add} whose
 * trade belongs to a later interval or by the first {@link #poll} at or after its close time,
 * whichever comes first. A trade for an interval already closed is refused (it is late).
 *
 * <p>Not thread-safe: one owner. Time comes in as arguments.
 */
public final class CandleBuilder {
    private final CandleInterval interval;
    private Candle open;
    private boolean changed;
    private long closedUntil = Long.MIN_VALUE;

    public CandleBuilder(CandleInterval interval) {
        this.interval = interval;
    }

    public CandleInterval interval() {
        return interval;
    }

    /**
     * Adds one trade.
     *
     * @return the candle this trade closed (the previous interval's), or null
     * @throws IllegalArgumentException when the trade belongs to an interval already closed
     */
    public Candle add(Trade t) {
        long start = interval.start(t.time());
        Candle closed = advanceTo(start, t.time());
        open = open == null ? Candle.first(interval, start, t) : open.plus(t);
        changed = true;
        return closed;
    }

    /**
     * Adds one closed candle of a smaller interval that divides this one.
     *
     * @return the candle this one closed, or null
     */
    public Candle add(Candle smaller) {
        CandleInterval from = CandleInterval.named("candle.interval", smaller.interval());
        if (!smaller.closed() || from.millis() >= interval.millis() || interval.millis() % from.millis() != 0) {
            throw new IllegalArgumentException("candle " + smaller.interval() + " at " + smaller.openTime()
                    + ": expected a closed candle of an interval dividing " + interval.name());
        }
        long start = interval.start(smaller.openTime());
        Candle closed = advanceTo(start, smaller.openTime());
        open = open == null ? smaller.as(interval, start) : open.plus(smaller);
        changed = true;
        return closed;
    }

    private Candle advanceTo(long start, long time) {
        if (start <= closedUntil || (open != null && start < open.openTime())) {
            throw new IllegalArgumentException("late input at " + time + ": the " + interval.name()
                    + " candle it belongs to is already closed");
        }
        if (open != null && start > open.openTime()) {
            return closeOpen();
        }
        return null;
    }

    private Candle closeOpen() {
        Candle closed = open.closedCandle();
        closedUntil = open.openTime();
        open = null;
        changed = false;
        return closed;
    }

    /**
     * At {@code now}: the open candle if its interval has ended (closed, once), and the open
     * candle if it changed since the last poll (an update; null when unchanged or closed).
     */
    public Poll poll(long now) {
        if (open != null && now > open.closeTime()) {
            return new Poll(closeOpen(), null);
        }
        if (open != null && changed) {
            changed = false;
            return new Poll(null, open);
        }
        return new Poll(null, null);
    }

    /** The open candle (not closed), or null. */
    public Candle current() {
        return open;
    }

    /** What one {@link #poll} found: a newly closed candle and/or an updated open one, each maybe null. */
    public record Poll(Candle closed, Candle update) {
    }
}
