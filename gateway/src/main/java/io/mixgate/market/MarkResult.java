package io.mixgate.market;

import java.math.BigDecimal;

/**
 * A mark price and its parts (Binance's perpetual rule, see {@link MarkPrice}): {@code price1}
 * = index × (1 + funding rate × time until funding / funding interval), {@code price2} =
 * index + {@code basis} (the moving average of the sampled basis; zero before the first
 * sample), {@code last} the contract's last price, {@code mark} the median of the three.
 * Immutable.
 */
public record MarkResult(BigDecimal mark, BigDecimal index, BigDecimal price1, BigDecimal price2, BigDecimal last,
                         BigDecimal basis, int basisSamples, BigDecimal fundingRate, long nextFundingTime) {
}
