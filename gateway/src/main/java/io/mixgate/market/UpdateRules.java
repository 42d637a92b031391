package io.mixgate.market;

/**
 * How a {@link OrderBook} chains exchange updates onto its snapshot (Binance's documented
 * procedures for a local order book).
 */
public enum UpdateRules {
    /** No ids: every update applies in the order given (an engine feeding its own changes). */
    NONE,
    /**
     * Binance spot: drop an update with {@code u <= lastUpdateId}; the first one applied has
     * {@code U <= lastUpdateId + 1 <= u}; each next one has {@code U == previous u + 1}.
     */
    SPOT,
    /**
     * Binance USD-M futures: drop an update with {@code u < lastUpdateId}; the first one applied
     * has {@code U <= lastUpdateId <= u}; each next one has {@code pu == previous u}.
     */
    FUTURES;

    /** From the Lua/config name: none, spot, futures. */
    public static UpdateRules named(String what, String name) {
        return switch (name) {
            case "none" -> NONE;
            case "spot" -> SPOT;
            case "futures" -> FUTURES;
            default -> throw new IllegalArgumentException(what + ": \"" + name + "\" (expected: none, spot or futures)");
        };
    }
}
