package io.mixgate.script;

import java.util.concurrent.ScheduledExecutorService;

/**
 * What {@code mix.timer.every} / {@code mix.timer.after} run on and may do: the node's timer thread
 * (it only hands each due timer to its owner's lane, never runs Lua) and the bounds of the
 * {@code timers:} config section.
 *
 * <p>Immutable; the scheduler is the node's (it shuts it down), thread-safe.
 *
 * @param scheduler        the node's timer thread; null = no timers (every call answers nil, err)
 * @param maxPerConnection live timers one connection may have
 * @param maxPerService    live timers one service may have
 * @param minIntervalMillis shortest delay or period a script may ask for
 */
public record TimerLimits(ScheduledExecutorService scheduler, int maxPerConnection, int maxPerService,
                          long minIntervalMillis) {

    /** No timers: {@code mix.timer.*} answers nil, "timers are not available here". */
    public static final TimerLimits NONE = new TimerLimits(null, 0, 0, 1);
}
