package io.mixgate.script;

import org.luaj.vm2.LuaError;

/**
 * What one callback may spend besides instructions: wall-clock time on its thread and the bytes
 * of the big strings built-ins make for it. Built-ins that can run long call {@link #work(int)}
 * as they go (every few hundred pattern-matching steps, sort comparisons, JSON values), so a
 * single call to {@code string.find} or {@code table.sort} cannot outlive the budget; the
 * instruction hook calls {@link #checkTime()} every few thousand instructions.
 *
 * <p>Time is wall-clock time ({@link System#nanoTime()}), not thread CPU time: the JVM reports no
 * CPU time for virtual threads, on which callbacks run. A virtual thread is never preempted, so
 * while a callback computes it holds its carrier and wall time is its CPU time, except for GC
 * pauses and the OS descheduling the carrier. Time the callback spends blocked in a helper
 * ({@code mix.http.request}, {@code mix.redis}, ...: see {@link #blocked}) is not counted.
 *
 * <p>Sizes: a built-in about to produce {@code n} bytes calls {@link #allocate(long)} first; over
 * {@code maxStringBytes} it raises a {@code LuaError} (the script may {@code pcall} it), and
 * once the callback's total passes {@code maxCallbackBytes} it is aborted like a runaway loop.
 *
 * <p>Thread safety: belongs to one VM, which runs one callback at a time (a coroutine runs on
 * another thread, but only while its resumer waits, with LuaJ's hand-over in between).
 */
final class CallBudget {
    /** Pattern-matching steps, comparisons or values between two looks at the clock. */
    static final int STEPS_PER_CHECK = 1024;

    private final long timeNanos;
    private final long maxStringBytes;
    private final long maxCallbackBytes;
    private long deadline = Long.MAX_VALUE;
    private long steps;
    private long nextCheck = STEPS_PER_CHECK;
    private long allocated;
    private java.util.function.Supplier<String> where = () -> "?";

    CallBudget(long timeNanos, long maxStringBytes, long maxCallbackBytes) {
        this.timeNanos = timeNanos;
        this.maxStringBytes = maxStringBytes;
        this.maxCallbackBytes = maxCallbackBytes;
    }

    /** Where an abort names the Lua code running ("file:line"). */
    void locateWith(java.util.function.Supplier<String> where) {
        this.where = where;
    }

    /** Starts a callback: full time from now, nothing allocated. */
    void reset() {
        deadline = System.nanoTime() + timeNanos;
        steps = 0;
        nextCheck = STEPS_PER_CHECK;
        allocated = 0;
    }

    /** @throws InstructionBudget.BudgetExceeded once the callback is past its time */
    void checkTime() {
        if (System.nanoTime() - deadline > 0) {
            throw new InstructionBudget.BudgetExceeded("script budget exceeded: ran longer than "
                    + timeNanos / 1_000_000 + " ms (script.cpuBudget)", where.get());
        }
    }

    /** Counts {@code n} steps of a built-in's work, looking at the clock every {@value #STEPS_PER_CHECK}. */
    void work(int n) {
        steps += n;
        if (steps >= nextCheck) {
            nextCheck = steps + STEPS_PER_CHECK;
            checkTime();
        }
    }

    /**
     * Asks for a result of {@code bytes} bytes, before it is allocated.
     *
     * @throws LuaError over {@code script.maxStringBytes} (catchable by pcall)
     * @throws InstructionBudget.BudgetExceeded when the callback's total passes {@code script.maxCallbackBytes}
     */
    void allocate(long bytes) {
        if (bytes > maxStringBytes) {
            throw new LuaError(tooLarge(bytes, maxStringBytes));
        }
        allocated += bytes;
        if (allocated > maxCallbackBytes) {
            throw new InstructionBudget.BudgetExceeded("script budget exceeded: built-ins produced more than "
                    + maxCallbackBytes + " bytes in one callback (script.maxCallbackBytes)", where.get());
        }
    }

    /** The message of a result over {@code script.maxStringBytes}. */
    static String tooLarge(long bytes, long max) {
        return "string too large: " + bytes + " bytes (script.maxStringBytes " + max + ")";
    }

    long maxStringBytes() {
        return maxStringBytes;
    }

    /** Runs {@code call}, which blocks on I/O, without counting the time it blocks against the budget. */
    <T> T blocked(java.util.function.Supplier<T> call) {
        long started = System.nanoTime();
        try {
            return call.get();
        } finally {
            deadline += System.nanoTime() - started;
        }
    }
}
