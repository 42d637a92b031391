package io.mixgate.config;

import java.time.Duration;

/**
 * How a lost upstream connection is reopened ({@code upstreams[i].reconnect}): the n-th attempt in
 * a row waits {@code initial * 2^(n-1)}, at most {@code max}, each wait moved at random by up to
 * {@code jitter} of itself (so many nodes or connections do not retry in step). An attempt that
 * opens resets the count.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param initial the first wait, {@code 1ms..1h}, default 1s
 * @param max     the longest wait, {@code >= initial}, at most 1h, default 60s
 * @param jitter  the fraction of each wait drawn at random, {@code 0..1}, default 0.2
 */
public record UpstreamBackoffConfig(Duration initial, Duration max, Double jitter) {

    /** Fills in the defaults of the keys left out and validates every value. */
    public UpstreamBackoffConfig {
        initial = Require.durationRange("initial", initial == null ? Duration.ofSeconds(1) : initial,
                Duration.ofMillis(1), Duration.ofHours(1));
        max = Require.durationRange("max", max == null ? Duration.ofSeconds(60) : max, initial, Duration.ofHours(1));
        jitter = jitter == null ? 0.2 : jitter;
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new InvalidValueException("jitter", Require.show(jitter), "a fraction of 0..1");
        }
    }

    /** 1s doubling to 60s, 20% jitter. */
    public static UpstreamBackoffConfig defaults() {
        return new UpstreamBackoffConfig(null, null, null);
    }
}
