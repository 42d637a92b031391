package io.mixgate.script;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells {@code /health} when the node's script lanes are stalled, cheaply enough to ask on every
 * health check. Two things can keep callbacks from running:
 * <ul>
 * <li><b>no Lua VM</b>: every one of a server's {@code script.maxVms} VMs is busy, and callbacks
 *     wait for one ({@link LuaVmPool} records each wait that does not get a VM at once);</li>
 * <li><b>no carrier thread</b>: callbacks run on virtual threads, which the JVM runs on one
 *     carrier thread per core and never preempts, so callbacks computing on every carrier keep
 *     all others from starting. A probe, a virtual thread that does nothing, is started every
 *     quarter of the threshold (at most every second); one that has not run by then means no
 *     carrier was free.</li>
 * </ul>
 * {@link #problem()} reports the longer of the two waits once it passes {@code script.stallThreshold}.
 * The budgets make both rare (a callback cannot compute longer than {@code script.cpuBudget}), so a
 * stall means more callbacks are waiting than the node can serve, or a callback blocks while
 * holding a VM.
 *
 * <p>Thread-safe. Owns one daemon platform thread, the probe timer, until {@link #close()}.
 */
public final class ScriptStallWatch implements AutoCloseable {
    private final long thresholdNanos;
    private final ConcurrentHashMap<Object, Long> vmWaits = new ConcurrentHashMap<>();
    private final AtomicLong probeStarted = new AtomicLong(); // 0: no probe waiting to run
    private final ScheduledExecutorService timer;

    private ScriptStallWatch(Duration threshold, boolean probing) {
        this.thresholdNanos = threshold.toNanos();
        if (probing) {
            timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("script-stall-probe").daemon().factory());
            long period = Math.max(10, Math.min(1000, threshold.toMillis() / 4));
            timer.scheduleWithFixedDelay(this::probe, period, period, TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
    }

    /** Starts watching; {@code threshold} is {@code script.stallThreshold}. */
    public static ScriptStallWatch start(Duration threshold) {
        return new ScriptStallWatch(threshold, true);
    }

    /** A watch without a probe thread, for VM pools outside a node (tools, tests). */
    static ScriptStallWatch vmWaitsOnly() {
        return new ScriptStallWatch(Duration.ofHours(1), false);
    }

    /** A callback starts waiting for a VM; pass the token to {@link #vmWaitEnded}. */
    Object vmWaitStarted() {
        Object token = new Object();
        vmWaits.put(token, System.nanoTime());
        return token;
    }

    void vmWaitEnded(Object token) {
        vmWaits.remove(token);
    }

    private void probe() {
        long now = System.nanoTime();
        if (probeStarted.compareAndSet(0, now)) {
            Thread.ofVirtual().name("script-stall-probe").start(() -> probeStarted.set(0));
        }
    }

    /** Why the script lanes are stalled, e.g. "script lanes stalled: oldest callback waiting 7.2 s for a Lua VM ...", or null. */
    public String problem() {
        long now = System.nanoTime();
        long vmWait = 0;
        for (Long since : vmWaits.values()) {
            vmWait = Math.max(vmWait, now - since);
        }
        long started = probeStarted.get();
        long carrierWait = started == 0 ? 0 : now - started;
        if (Math.max(vmWait, carrierWait) < thresholdNanos) {
            return null;
        }
        if (vmWait >= carrierWait) {
            return String.format(Locale.ROOT, "script lanes stalled: oldest callback waiting %.1f s for a Lua VM"
                    + " (%d waiting; every VM of script.maxVms is busy)", vmWait / 1e9, vmWaits.size());
        }
        return String.format(Locale.ROOT, "script lanes stalled: callbacks waiting %.1f s for a carrier thread"
                + " (callbacks are computing on every core)", carrierWait / 1e9);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
