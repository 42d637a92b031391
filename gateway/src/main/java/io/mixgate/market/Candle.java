package io.mixgate.market;

import java.math.BigDecimal;

/**
 * One candle (Binance kline fields): {@code openTime} (t), {@code closeTime} = openTime +
 * interval − 1 (T), first/last trade id (f/L), open/close/high/low, volume (v), trade count
 * (n), whether it is closed (x), quote volume (q), taker-buy volume (V) and taker-buy quote
 * volume (Q). All sums exact. Immutable.
 */
public record Candle(String interval, long openTime, long closeTime, long firstId, long lastId, BigDecimal open,
                     BigDecimal close, BigDecimal high, BigDecimal low, BigDecimal volume, long count, boolean closed,
                     BigDecimal quoteVolume, BigDecimal takerBuyVolume, BigDecimal takerBuyQuoteVolume) {

    static Candle first(CandleInterval iv, long openTime, Trade t) {
        boolean takerBuy = !t.buyerMaker();
        return new Candle(iv.name(), openTime, openTime + iv.millis() - 1, t.firstId(), t.lastId(), t.price(), t.price(),
                t.price(), t.price(), t.quantity(), t.count(), false, t.quote(),
                takerBuy ? t.quantity() : BigDecimal.ZERO, takerBuy ? t.quote() : BigDecimal.ZERO);
    }

    Candle plus(Trade t) {
        boolean takerBuy = !t.buyerMaker();
        return new Candle(interval, openTime, closeTime, firstId, t.lastId(), open, t.price(), high.max(t.price()),
                low.min(t.price()), volume.add(t.quantity()), count + t.count(), false, quoteVolume.add(t.quote()),
                takerBuy ? takerBuyVolume.add(t.quantity()) : takerBuyVolume,
                takerBuy ? takerBuyQuoteVolume.add(t.quote()) : takerBuyQuoteVolume);
    }

    /** This candle re-labelled as the first part of a candle of {@code iv} starting at {@code openTime}. */
    Candle as(CandleInterval iv, long start) {
        return new Candle(iv.name(), start, start + iv.millis() - 1, firstId, lastId, open, close, high, low, volume,
                count, false, quoteVolume, takerBuyVolume, takerBuyQuoteVolume);
    }

    /** This candle followed by the smaller candle {@code c}. */
    Candle plus(Candle c) {
        return new Candle(interval, openTime, closeTime, firstId, c.lastId, open, c.close, high.max(c.high),
                low.min(c.low), volume.add(c.volume), count + c.count, false, quoteVolume.add(c.quoteVolume),
                takerBuyVolume.add(c.takerBuyVolume), takerBuyQuoteVolume.add(c.takerBuyQuoteVolume));
    }

    Candle closedCandle() {
        return new Candle(interval, openTime, closeTime, firstId, lastId, open, this.close, high, low, volume, count,
                true, quoteVolume, takerBuyVolume, takerBuyQuoteVolume);
    }
}
