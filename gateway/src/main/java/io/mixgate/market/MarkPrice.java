package io.mixgate.market;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Index and mark price by the rules Binance publishes for its perpetual futures ("Mark Price
 * in USDⓈ-M Futures", "Price Index" support pages):
 * <ul>
 *   <li><b>Index</b>: sources whose price is older than {@code maxSourceAgeMs} are left out;
 *       of the rest, a source deviating more than {@code maxDeviation} (0.05 = 5 %) from their
 *       median gets weight zero and the weights of the others are renormalised
 *       (index = Σ wᵢpᵢ / Σ wᵢ); when more than one source deviates, the index is the median of
 *       all fresh sources. The median of an even count is the mean of the middle two.</li>
 *   <li><b>Mark</b> = median(price 1, price 2, last price), where price 1 = index × (1 +
 *       funding rate × time until funding / funding interval) and price 2 = index + moving
 *       average of the basis; a basis sample is (best bid + best ask) / 2 − index, taken at most
 *       once per {@code sampleIntervalMs}; the average is over the last {@code basisSamples}
 *       samples (Binance today: 30 samples, one per second).</li>
 * </ul>
 * Divisions round by {@link Decimals#DIVISION}; results are then rounded half-even to
 * {@code scale} digits when scale >= 0.
 *
 * <p>Not thread-safe: one owner (it keeps the basis samples). Time comes in as arguments.
 */
public final class MarkPrice {
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    private final BigDecimal maxDeviation;
    private final long maxSourceAgeMs;
    private final int basisSamples;
    private final long sampleIntervalMs;
    private final int scale;
    private final ArrayDeque<BigDecimal> samples = new ArrayDeque<>();
    private BigDecimal sampleSum = BigDecimal.ZERO;
    private long lastSample = Long.MIN_VALUE;

    public MarkPrice(BigDecimal maxDeviation, long maxSourceAgeMs, int basisSamples, long sampleIntervalMs, int scale) {
        if (maxDeviation.signum() <= 0) {
            throw new IllegalArgumentException("max_deviation: " + Decimals.text(maxDeviation) + " (expected: > 0)");
        }
        if (maxSourceAgeMs < 0) {
            throw new IllegalArgumentException("max_source_age_ms: " + maxSourceAgeMs + " (expected: >= 0, 0 = off)");
        }
        if (basisSamples < 1 || basisSamples > 10_000) {
            throw new IllegalArgumentException("basis_samples: " + basisSamples + " (expected: 1..10000)");
        }
        if (sampleIntervalMs < 0) {
            throw new IllegalArgumentException("sample_interval_ms: " + sampleIntervalMs + " (expected: >= 0)");
        }
        if (scale > 36) {
            throw new IllegalArgumentException("scale: " + scale + " (expected: -1 (none) or 0..36)");
        }
        this.maxDeviation = maxDeviation;
        this.maxSourceAgeMs = maxSourceAgeMs;
        this.basisSamples = basisSamples;
        this.sampleIntervalMs = sampleIntervalMs;
        this.scale = scale;
    }

    /** @throws IllegalArgumentException when no source is fresh at {@code now} */
    public IndexPrice index(List<PriceSource> sources, long now) {
        List<PriceSource> fresh = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        for (PriceSource s : sources) {
            boolean stale = maxSourceAgeMs > 0 && s.time() != PriceSource.NO_TIME && now - s.time() > maxSourceAgeMs;
            if (stale) {
                excluded.add(s.name());
            } else {
                fresh.add(s);
            }
        }
        if (fresh.isEmpty()) {
            throw new IllegalArgumentException("index: no fresh source (" + sources.size() + " given, "
                    + excluded.size() + " stale)");
        }
        BigDecimal median = median(fresh.stream().map(PriceSource::price).toArray(BigDecimal[]::new));
        List<PriceSource> inside = new ArrayList<>();
        List<String> deviating = new ArrayList<>();
        for (PriceSource s : fresh) {
            BigDecimal deviation = s.price().subtract(median).abs();
            if (deviation.compareTo(median.multiply(maxDeviation)) > 0) {
                deviating.add(s.name());
            } else {
                inside.add(s);
            }
        }
        if (deviating.size() > 1) {
            List<String> used = fresh.stream().map(PriceSource::name).toList();
            return new IndexPrice(Decimals.round(median, scale), median, "median", used, excluded);
        }
        excluded.addAll(deviating);
        BigDecimal weights = BigDecimal.ZERO;
        BigDecimal sum = BigDecimal.ZERO;
        for (PriceSource s : inside) {
            weights = weights.add(s.weight());
            sum = sum.add(s.price().multiply(s.weight()));
        }
        BigDecimal index = Decimals.round(Decimals.divide(sum, weights), scale);
        return new IndexPrice(index, median, "weighted", inside.stream().map(PriceSource::name).toList(), excluded);
    }

    /**
     * Records one basis sample (bid + ask) / 2 − index unless one was taken less than
     * {@code sampleIntervalMs} ago.
     *
     * @return whether the sample was taken
     */
    public boolean sampleBasis(long now, BigDecimal bestBid, BigDecimal bestAsk, BigDecimal index) {
        if (lastSample != Long.MIN_VALUE && now - lastSample < sampleIntervalMs) {
            return false;
        }
        BigDecimal sample = bestBid.add(bestAsk).divide(TWO).subtract(index);
        samples.addLast(sample);
        sampleSum = sampleSum.add(sample);
        if (samples.size() > basisSamples) {
            sampleSum = sampleSum.subtract(samples.pollFirst());
        }
        lastSample = now;
        return true;
    }

    /** The mark price at {@code now}; {@code fundingIntervalMs} is e.g. 8 h = 28,800,000. */
    public MarkResult mark(long now, BigDecimal index, BigDecimal lastPrice, BigDecimal fundingRate,
                           long nextFundingTime, long fundingIntervalMs) {
        if (fundingIntervalMs < 1) {
            throw new IllegalArgumentException("funding_interval_ms: " + fundingIntervalMs + " (expected: >= 1)");
        }
        long until = Math.max(0, nextFundingTime - now);
        BigDecimal fraction = Decimals.divide(BigDecimal.valueOf(until), BigDecimal.valueOf(fundingIntervalMs));
        BigDecimal price1 = index.multiply(BigDecimal.ONE.add(fundingRate.multiply(fraction)));
        BigDecimal basis = samples.isEmpty() ? BigDecimal.ZERO
                : Decimals.divide(sampleSum, BigDecimal.valueOf(samples.size()));
        BigDecimal price2 = index.add(basis);
        BigDecimal mark = median(new BigDecimal[] {price1, price2, lastPrice});
        return new MarkResult(Decimals.round(mark, scale), index, Decimals.round(price1, scale),
                Decimals.round(price2, scale), lastPrice, Decimals.round(basis, scale), samples.size(), fundingRate,
                nextFundingTime);
    }

    /** The median; for an even count the mean of the middle two. */
    static BigDecimal median(BigDecimal[] values) {
        BigDecimal[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : sorted[n / 2 - 1].add(sorted[n / 2]).divide(TWO);
    }
}
