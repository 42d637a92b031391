package io.mixgate.config;

import java.time.Duration;

/**
 * The bounds of {@code mix.timer.every} / {@code mix.timer.after} ({@code timers:} in the YAML).
 * Every key may be left out.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param maxPerConnection live timers one connection may have, {@code 0..10000}, default 16
 *                         ({@code 0}: connection scripts may not use timers)
 * @param maxPerService    live timers one service may have, {@code 0..100000}, default 1000
 * @param minInterval      shortest delay or period a script may ask for, {@code 1ms..1h}, default 10ms
 */
public record TimerConfig(Integer maxPerConnection, Integer maxPerService, Duration minInterval) {

    public TimerConfig {
        maxPerConnection = Require.range("maxPerConnection", maxPerConnection == null ? 16 : maxPerConnection, 0, 10_000);
        maxPerService = Require.range("maxPerService", maxPerService == null ? 1000 : maxPerService, 0, 100_000);
        minInterval = Require.durationRange("minInterval", minInterval == null ? Duration.ofMillis(10) : minInterval,
                Duration.ofMillis(1), Duration.ofHours(1));
    }

    public static TimerConfig defaults() {
        return new TimerConfig(null, null, null);
    }
}
