package io.mixgate.market;

import java.util.List;

/**
 * An exchange-style depth update: absolute quantities per level (zero removes the level),
 * with Binance's update ids: {@code firstId} = {@code U}, {@code lastId} = {@code u} and
 * {@code prevLastId} = {@code pu} (futures only; {@link #NO_ID} when absent). With
 * {@link UpdateRules#NONE} the ids are not read. Immutable.
 */
public record DepthUpdate(long firstId, long lastId, long prevLastId, List<PriceLevel> bids, List<PriceLevel> asks) {
    /** An id the update does not carry. */
    public static final long NO_ID = Long.MIN_VALUE;

    public DepthUpdate {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
        if (firstId != NO_ID && lastId != NO_ID && firstId > lastId) {
            throw new IllegalArgumentException("depth update: U " + firstId + " > u " + lastId + " (expected: U <= u)");
        }
    }
}
