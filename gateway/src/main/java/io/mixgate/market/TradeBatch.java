package io.mixgate.market;

import java.math.BigDecimal;
import java.util.List;

/**
 * The trades of one window: the merged runs in arrival order, and over all of them the first
 * and last trade id, the trade count, open/high/low/close, volume and quote volume (exact) and
 * the VWAP (quote volume / volume, {@link Decimals#DIVISION}). Immutable.
 */
public record TradeBatch(List<MergedTrade> trades, long firstId, long lastId, long count, BigDecimal open,
                         BigDecimal high, BigDecimal low, BigDecimal close, BigDecimal volume, BigDecimal quoteVolume,
                         BigDecimal vwap) {
    public TradeBatch {
        trades = List.copyOf(trades);
    }
}
