package io.mixgate;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Waits for a condition with a deadline, polling: the test fails with what was last seen. */
final class Await {
    private Await() {
    }

    /** Polls {@code probe} until {@code done} accepts its value; returns that value. */
    static <T> T until(String what, Duration within, Callable<T> probe, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        T last = null;
        Exception lastError = null;
        while (System.nanoTime() < deadline) {
            try {
                last = probe.call();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (Exception e) {
                lastError = e;
            }
            TimeUnit.MILLISECONDS.sleep(25); // a poll interval, not a wait for something to happen
        }
        fail(what + " within " + within + "; last seen: " + (lastError != null ? lastError : last));
        return last;
    }
}
