package io.mixgate.market;

import java.math.BigDecimal;

/** The trades of one time bucket of a {@link RollingTicker}. Not thread-safe: owned by its ticker. */
final class TickerBucket {
    final long start;
    final BigDecimal open;
    BigDecimal high;
    BigDecimal low;
    BigDecimal close;
    BigDecimal volume;
    BigDecimal quote;
    long count;
    final long firstId;
    long lastId;

    TickerBucket(long start, Trade t) {
        this.start = start;
        this.open = t.price();
        this.high = t.price();
        this.low = t.price();
        this.close = t.price();
        this.volume = t.quantity();
        this.quote = t.quote();
        this.count = t.count();
        this.firstId = t.firstId();
        this.lastId = t.lastId();
    }

    void add(Trade t) {
        high = high.max(t.price());
        low = low.min(t.price());
        close = t.price();
        volume = volume.add(t.quantity());
        quote = quote.add(t.quote());
        count += t.count();
        lastId = t.lastId();
    }
}
