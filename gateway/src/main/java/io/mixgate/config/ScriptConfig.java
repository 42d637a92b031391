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
 * @param instructionBudget most Lua VM instructions one callback (or the loading of a script
 *                    version) may run before it is aborted, {@code 10000..2000000000}, default
 *                    10,000,000: a normal handler runs a few hundred to a few thousand, so
 *                    only a runaway loop reaches it (about 0.1-1 s of CPU)
 * @param maxCoroutines coroutines one server's scripts may have alive (created and not yet
 *                    finished) at once, {@code 0..100000}, default 1000; LuaJ gives each a
 *                    thread, so this bounds the threads scripts can hold
 */
public record ScriptConfig(int maxVms, Duration httpTimeout, int instructionBudget, int maxCoroutines) {

    /** Validates every value. */
    public ScriptConfig {
        Require.range("maxVms", maxVms, 1, 100_000);
        Require.positive("httpTimeout", httpTimeout);
        Require.range("instructionBudget", instructionBudget, 10_000, 2_000_000_000);
        Require.range("maxCoroutines", maxCoroutines, 0, 100_000);
    }

    /** The defaults: 512 VMs, 10 s HTTP timeout, 10 million instructions per callback, 1000 coroutines. */
    public static ScriptConfig defaults() {
        return new ScriptConfig(512, Duration.ofSeconds(10), 10_000_000, 1000);
    }
}
