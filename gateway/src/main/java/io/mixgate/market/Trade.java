package io.mixgate.market;

import java.math.BigDecimal;

/**
 * One trade, or one aggregated trade spanning the individual trade ids
 * {@code firstId..lastId} (Binance's {@code aggTrade} {@code f}/{@code l}; a single trade has
 * {@code firstId == lastId}). {@code buyerMaker} is Binance's {@code m}: true when the taker
 * sold. {@code time} is the event time in ms since the epoch (UTC). Immutable.
 */
public record Trade(long firstId, long lastId, BigDecimal price, BigDecimal quantity, boolean buyerMaker, long time) {
    public Trade {
        if (price == null || price.signum() <= 0) {
            throw new IllegalArgumentException("trade price: " + (price == null ? "missing" : Decimals.text(price))
                    + " (expected: > 0)");
        }
        if (quantity == null || quantity.signum() <= 0) {
            throw new IllegalArgumentException("trade quantity: " + (quantity == null ? "missing" : Decimals.text(quantity))
                    + " (expected: > 0)");
        }
        if (firstId > lastId) {
            throw new IllegalArgumentException("trade ids: first " + firstId + " > last " + lastId);
        }
        if (time < 0) {
            throw new IllegalArgumentException("trade time: " + time + " (expected: ms since the epoch, >= 0)");
        }
    }

    /** How many individual trades this one stands for. */
    public long count() {
        return lastId - firstId + 1;
    }

    /** price × quantity, exact. */
    public BigDecimal quote() {
        return price.multiply(quantity);
    }
}
