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
 * @param cpuBudget   wall-clock time one callback may spend running Lua and built-ins (time
 *                    blocked in {@code mix.http}, {@code mix.redis}, {@code mix.mesh},
 *                    {@code mix.queue} and {@code conn:await} does not count), checked between
 *                    instructions and inside long-running built-ins, {@code 10ms..1h}, default 500ms
 * @param maxStringBytes largest string or JSON text one built-in may produce ({@code string.rep},
 *                    {@code format}, {@code gsub}, {@code table.concat}, {@code mix.json_encode}, ...);
 *                    over it the built-in raises a Lua error the script can catch,
 *                    {@code 1024..1073741824}, default 16 MiB
 * @param maxCallbackBytes bytes of such results one callback may produce in total before it is
 *                    aborted, {@code >= maxStringBytes}, default 64 MiB
 * @param stallThreshold {@code /health} answers 503 once a callback has waited this long for a
 *                    Lua VM or a carrier thread, {@code 100ms..1h}, default 5s
 * @param recentErrors script errors the node keeps in memory for {@code GET /v1/scripts/errors}
 *                    and the admin page (the oldest goes first), {@code 0..10000}, default 50
 */
public record ScriptConfig(int maxVms, Duration httpTimeout, int instructionBudget, int maxCoroutines,
                           Duration cpuBudget, long maxStringBytes, long maxCallbackBytes, Duration stallThreshold,
                           int recentErrors) {

    /** Validates every value. */
    public ScriptConfig {
        Require.range("maxVms", maxVms, 1, 100_000);
        Require.positive("httpTimeout", httpTimeout);
        Require.range("instructionBudget", instructionBudget, 10_000, 2_000_000_000);
        Require.range("maxCoroutines", maxCoroutines, 0, 100_000);
        Require.durationRange("cpuBudget", cpuBudget, Duration.ofMillis(10), Duration.ofHours(1));
        Require.longRange("maxStringBytes", maxStringBytes, 1024, 1L << 30);
        Require.longRange("maxCallbackBytes", maxCallbackBytes, maxStringBytes, Long.MAX_VALUE);
        Require.durationRange("stallThreshold", stallThreshold, Duration.ofMillis(100), Duration.ofHours(1));
        Require.range("recentErrors", recentErrors, 0, 10_000);
    }

    /** The default of {@code recentErrors} (added for issue 12), for callers that name only the older keys. */
    public ScriptConfig(int maxVms, Duration httpTimeout, int instructionBudget, int maxCoroutines,
                        Duration cpuBudget, long maxStringBytes, long maxCallbackBytes, Duration stallThreshold) {
        this(maxVms, httpTimeout, instructionBudget, maxCoroutines, cpuBudget, maxStringBytes, maxCallbackBytes,
                stallThreshold, DEFAULT_RECENT_ERRORS);
    }

    /** The defaults of the keys added for issue 10, for callers that name only the older ones. */
    public ScriptConfig(int maxVms, Duration httpTimeout, int instructionBudget, int maxCoroutines) {
        this(maxVms, httpTimeout, instructionBudget, maxCoroutines, DEFAULT_CPU_BUDGET, DEFAULT_MAX_STRING_BYTES,
                DEFAULT_MAX_CALLBACK_BYTES, DEFAULT_STALL_THRESHOLD, DEFAULT_RECENT_ERRORS);
    }

    /** These settings with another {@code cpuBudget} (a service's own). */
    public ScriptConfig withCpuBudget(Duration budget) {
        return new ScriptConfig(maxVms, httpTimeout, instructionBudget, maxCoroutines, budget, maxStringBytes,
                maxCallbackBytes, stallThreshold, recentErrors);
    }

    public static final Duration DEFAULT_CPU_BUDGET = Duration.ofMillis(500);
    public static final long DEFAULT_MAX_STRING_BYTES = 16L << 20;
    public static final long DEFAULT_MAX_CALLBACK_BYTES = 64L << 20;
    public static final Duration DEFAULT_STALL_THRESHOLD = Duration.ofSeconds(5);
    public static final int DEFAULT_RECENT_ERRORS = 50;

    /**
     * The defaults: 512 VMs, 10 s HTTP timeout, 10 million instructions and 500 ms per callback,
     * 1000 coroutines, 16 MiB per string, 64 MiB per callback, /health red after a 5 s stall, the
     * last 50 script errors kept.
     */
    public static ScriptConfig defaults() {
        return new ScriptConfig(512, Duration.ofSeconds(10), 10_000_000, 1000);
    }
}
