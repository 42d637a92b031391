package io.mixgate.config;

import java.time.Duration;

/**
 * How a node leaves on SIGTERM ({@code drain:} in the YAML): {@code /health} turns 503 and the
 * listeners close at once; after {@code delay} the clients are closed with 1012 "service restart",
 * spread evenly over {@code window}; then the node waits for API requests and script callbacks in
 * flight and exits, all within {@code timeout} of the signal.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param delay   between {@code /health} turning red and the first client close, so that the
 *                balancer has seen the red health and sends no client back here;
 *                {@code 0s..10m}, default 5s (the shipped HAProxy checks every 2s and takes a node
 *                out after 2 failed checks: at most about 4s)
 * @param window  the client closes are spread evenly over this, so that they reconnect elsewhere
 *                without a herd; {@code 0s..1h} (0s = all at once), default 10s
 * @param timeout the node exits by then whatever is still in flight; {@code 1s..1h} and more than
 *                {@code delay + window}, default 30s
 */
public record DrainConfig(Duration delay, Duration window, Duration timeout) {

    /** Validates every value. */
    public DrainConfig {
        Require.durationRange("delay", delay, Duration.ZERO, Duration.ofMinutes(10));
        Require.durationRange("window", window, Duration.ZERO, Duration.ofHours(1));
        Require.durationRange("timeout", timeout, Duration.ofSeconds(1), Duration.ofHours(1));
        if (timeout.compareTo(delay.plus(window)) <= 0) {
            throw new InvalidValueException("timeout", GoDuration.format(timeout),
                    "more than delay + window = " + GoDuration.format(delay.plus(window)));
        }
    }

    /** The defaults: 5 s delay, 10 s window, 30 s in all. */
    public static DrainConfig defaults() {
        return new DrainConfig(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30));
    }
}
