package io.mixgate.config;

import java.time.Duration;

/**
 * Settings of the Lua runtime shared by all servers ({@code script:} in the YAML).
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param maxVms      the most Lua VMs one entry script may have at once,
 *                    {@code 1..100000}, default 512; a callback that finds all busy waits
 * @param httpTimeout default timeout of {@code mix.http.request} when the script
 *                    gives none, {@code > 0}, default 10s
 */
public record ScriptConfig(int maxVms, Duration httpTimeout) {

    /** Validates every value. */
    public ScriptConfig {
        Require.range("maxVms", maxVms, 1, 100_000);
        Require.positive("httpTimeout", httpTimeout);
    }

    /** The defaults: 512 VMs, 10 s HTTP timeout. */
    public static ScriptConfig defaults() {
        return new ScriptConfig(512, Duration.ofSeconds(10));
    }
}
