package io.mixgate.market;

import java.math.BigDecimal;

/**
 * One source of an index price: its name, last price, weight (> 0; weights need not sum to 1)
 * and the time of that price in ms ({@link #NO_TIME} when not known: never counts as stale).
 * Immutable.
 */
public record PriceSource(String name, BigDecimal price, BigDecimal weight, long time) {
    public static final long NO_TIME = Long.MIN_VALUE;

    public PriceSource {
        if (price == null || price.signum() <= 0) {
            throw new IllegalArgumentException("source " + name + ": price must be > 0");
        }
        if (weight == null || weight.signum() <= 0) {
            throw new IllegalArgumentException("source " + name + ": weight must be > 0");
        }
    }
}
