package io.mixgate.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting on a condition with a deadline, for tests that cross threads. Not a sleep: returns as soon as it holds. */
public final class Conditions {
    /** Generous: other builds share this machine, and a passing test never waits this long. */
    public static final Duration DEADLINE = Duration.ofSeconds(20);

    private Conditions() {
    }

    /** Returns once {@code condition} holds; fails the test naming {@code what} if it does not within {@link #DEADLINE}. */
    public static void awaitTrue(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                fail("not within " + DEADLINE.toSeconds() + " s: " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** Whether {@code thread} is parked: blocked on a lock, a condition or a sleep. */
    public static boolean isParked(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }
}
