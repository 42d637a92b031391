package io.mixgate.script;

import io.mixgate.core.RateLimitedLog;
import io.mixgate.session.Session;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live timers of one script (a server's or a service's), grouped by owner: a connection or a
 * service. A due timer is handed to its owner's lane (so it never runs beside the owner's other
 * callbacks) and runs its function on the VM that made it (a Lua function belongs to its VM),
 * with a full script budget. A tick that comes while the previous one is still queued or running
 * is skipped (counted), so a slow {@code every} never piles up work.
 *
 * <p>A failing callback is logged and reported to its owner; an {@code every} timer keeps running
 * after a Lua error, and ends when its VM is discarded (a budget abort). Ending the owner
 * ({@link #cancelAll}) ends all its timers.
 *
 * <p>Thread-safe.
 */
final class ScriptTimers {
    private static final Logger log = LoggerFactory.getLogger(ScriptTimers.class);
    private static final RateLimitedLog failures = new RateLimitedLog(log::warn);

    /** Who timers belong to: a connection or a service. Implementations are thread-safe. */
    interface Owner {
        /** What identifies the owner among all owners of this script (a Session, a service). */
        Object key();

        /** Most live timers this owner may have. */
        int maxTimers();

        /** The key that limits it, for the error message, e.g. {@code timers.maxPerConnection}. */
        String limitKey();

        /** Runs {@code task} on the owner's lane, after its queued callbacks. */
        void submit(Runnable task);

        /** False once the owner is gone (connection closed, service version stopped). */
        boolean alive();

        /** The connection to enter the VM with, or null for a service. */
        Session session();

        /** "conn=…" or "service=…", for logs. */
        String describe();

        /** A timer's callback failed; {@code aborted}: it ran past its budget and its VM was discarded. */
        void failed(String message, boolean aborted);
    }

    private final TimerLimits limits;
    private final ConcurrentHashMap<Object, Set<Timer>> byOwner = new ConcurrentHashMap<>();
    private final LongAdder skipped = new LongAdder();

    ScriptTimers(TimerLimits limits) {
        this.limits = limits;
    }

    /** One timer; {@link #cancel()} is idempotent and thread-safe. */
    final class Timer {
        private final Owner owner;
        private final LuaVm vm;
        private final LuaValue fn;
        private final boolean repeat;
        private final AtomicBoolean queued = new AtomicBoolean();
        private volatile boolean cancelled;
        private volatile ScheduledFuture<?> future;

        private Timer(Owner owner, LuaVm vm, LuaValue fn, boolean repeat) {
            this.owner = owner;
            this.vm = vm;
            this.fn = fn;
            this.repeat = repeat;
        }

        void cancel() {
            cancelled = true;
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
            Set<Timer> set = byOwner.get(owner.key());
            if (set != null) {
                set.remove(this);
                byOwner.computeIfPresent(owner.key(), (k, s) -> s.isEmpty() ? null : s);
            }
        }

        boolean cancelled() {
            return cancelled;
        }

        private void due() {
            if (cancelled || !owner.alive()) {
                cancel();
                return;
            }
            if (!queued.compareAndSet(false, true)) {
                skipped.increment();
                return;
            }
            owner.submit(() -> {
                queued.set(false);
                run();
            });
        }

        private void run() {
            if (cancelled || !owner.alive()) {
                cancel();
                return;
            }
            if (!repeat) {
                cancel(); // an `after` is done once it starts: it no longer counts against the limit
            }
            if (!vm.lockIfAlive()) {
                cancel();
                return;
            }
            try {
                vm.enter(owner.session(), owner.session() == null ? owner : null);
                fn.call();
            } catch (LuaError e) {
                failures.log("timer callback failed: {} {}", owner.describe(), e.getMessage());
                owner.failed(e.getMessage(), false);
            } catch (InstructionBudget.BudgetExceeded e) {
                vm.kill();
                cancel();
                failures.log("timer callback aborted at {}: {} {}", e.where(), owner.describe(), e.getMessage());
                owner.failed(e.where() + " aborted: " + e.getMessage(), true);
            } catch (StackOverflowError | OutOfMemoryError e) {
                vm.kill();
                cancel();
                failures.log("timer callback aborted at {}: {} {}", vm.where(), owner.describe(), e.toString());
                owner.failed(vm.where() + " aborted: " + e, true);
            } finally {
                vm.leave();
                vm.unlock();
            }
        }
    }

    /**
     * Starts a timer of {@code owner} running {@code fn} on {@code vm} after {@code millis}, and
     * every {@code millis} after that when {@code repeat}.
     *
     * @throws IllegalArgumentException naming the limit when the interval is too short or the
     *         owner has its most timers already
     */
    Timer start(Owner owner, LuaVm vm, LuaValue fn, long millis, boolean repeat) {
        if (limits.scheduler() == null) {
            throw new IllegalArgumentException("timers are not available here");
        }
        if (millis < limits.minIntervalMillis()) {
            throw new IllegalArgumentException("interval " + millis + " ms is below timers.minInterval ("
                    + limits.minIntervalMillis() + " ms)");
        }
        Timer timer = new Timer(owner, vm, fn, repeat);
        boolean[] full = new boolean[1];
        byOwner.compute(owner.key(), (k, set) -> {
            if (set == null) {
                set = ConcurrentHashMap.newKeySet();
            }
            if (set.size() >= owner.maxTimers()) {
                full[0] = true;
            } else {
                set.add(timer);
            }
            return set.isEmpty() ? null : set;
        });
        if (full[0]) {
            throw new IllegalArgumentException("too many timers: " + owner.limitKey() + " is " + owner.maxTimers());
        }
        timer.future = repeat
                ? limits.scheduler().scheduleAtFixedRate(timer::due, millis, millis, TimeUnit.MILLISECONDS)
                : limits.scheduler().schedule(timer::due, millis, TimeUnit.MILLISECONDS);
        if (!owner.alive()) { // the owner ended while we were adding: do not outlive it
            timer.cancel();
        }
        return timer;
    }

    /** Ends every timer of the owner with this key (a closed connection, a stopped service version). */
    void cancelAll(Object ownerKey) {
        Set<Timer> set = byOwner.remove(ownerKey);
        if (set != null) {
            set.forEach(Timer::cancel);
        }
    }

    /** Live timers of the owner with this key. */
    int count(Object ownerKey) {
        Set<Timer> set = byOwner.get(ownerKey);
        return set == null ? 0 : set.size();
    }

    /** Live timers of every owner. */
    int total() {
        return byOwner.values().stream().mapToInt(Set::size).sum();
    }

    /** Ticks skipped because the previous one had not run yet. */
    long skipped() {
        return skipped.sum();
    }

    TimerLimits limits() {
        return limits;
    }
}
