package io.mixgate.market;

import java.math.BigDecimal;

/**
 * One price level of a book side; a quantity of zero means "this level is gone" (in a diff or
 * an update). Immutable.
 */
public record PriceLevel(BigDecimal price, BigDecimal quantity) {
    public PriceLevel {
        if (price == null || quantity == null) {
            throw new IllegalArgumentException("price level: price and quantity are required");
        }
        if (price.signum() <= 0) {
            throw new IllegalArgumentException("price level: price " + Decimals.text(price) + " (expected: > 0)");
        }
        if (quantity.signum() < 0) {
            throw new IllegalArgumentException("price level: quantity " + Decimals.text(quantity) + " (expected: >= 0)");
        }
    }

    /** From decimal text; {@code what} names the level in errors. */
    public static PriceLevel of(String what, String price, String quantity) {
        return new PriceLevel(Decimals.positive(what + ".price", price), Decimals.nonNegative(what + ".quantity", quantity));
    }
}
