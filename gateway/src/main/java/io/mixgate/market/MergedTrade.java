package io.mixgate.market;

import java.math.BigDecimal;

/**
 * A run of consecutive trades at one price on one side, collapsed: the exact sum of their
 * quantities, their first and last trade ids, how many trades, and the time of the first and
 * the last. Immutable.
 */
public record MergedTrade(BigDecimal price, BigDecimal quantity, boolean buyerMaker, long firstId, long lastId,
                          long count, long firstTime, long lastTime) {

    static MergedTrade of(Trade t) {
        return new MergedTrade(t.price(), t.quantity(), t.buyerMaker(), t.firstId(), t.lastId(), t.count(), t.time(),
                t.time());
    }

    boolean takes(Trade t) {
        return buyerMaker == t.buyerMaker() && price.compareTo(t.price()) == 0;
    }

    MergedTrade plus(Trade t) {
        return new MergedTrade(price, quantity.add(t.quantity()), buyerMaker, firstId, t.lastId(), count + t.count(),
                firstTime, t.time());
    }
}
