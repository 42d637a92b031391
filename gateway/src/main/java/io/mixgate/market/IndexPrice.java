package io.mixgate.market;

import java.math.BigDecimal;
import java.util.List;

/**
 * An index price and how it was made: {@code rule} is {@code "weighted"} (weighted average of
 * the {@code used} sources) or {@code "median"} (more than one source deviated: the median of
 * the fresh sources); {@code excluded} names the sources left out (stale or deviating). Immutable.
 */
public record IndexPrice(BigDecimal price, BigDecimal median, String rule, List<String> used, List<String> excluded) {
    public IndexPrice {
        used = List.copyOf(used);
        excluded = List.copyOf(excluded);
    }
}
