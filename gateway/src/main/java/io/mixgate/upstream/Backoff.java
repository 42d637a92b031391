package io.mixgate.upstream;

import io.mixgate.config.UpstreamBackoffConfig;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The wait before the n-th reconnect attempt in a row: {@code initial * 2^(n-1)} capped at
 * {@code max}, moved by a random fraction of up to {@code jitter} either way. Stateless; thread-safe.
 */
final class Backoff {
    private final UpstreamBackoffConfig config;
    private final DoubleSupplier random;

    /** @param random uniform in [0, 1) */
    Backoff(UpstreamBackoffConfig config, DoubleSupplier random) {
        this.config = config;
        this.random = random;
    }

    Duration delay(int attempt) {
        long initial = config.initial().toNanos();
        long max = config.max().toNanos();
        int doublings = Math.min(Math.max(attempt - 1, 0), 40);
        long base = initial > (max >> doublings) ? max : Math.min(max, initial << doublings);
        double spread = config.jitter() * (2 * random.getAsDouble() - 1);
        return Duration.ofNanos(Math.max(0, (long) (base * (1 + spread))));
    }
}
