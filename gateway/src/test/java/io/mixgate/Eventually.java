package io.mixgate;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Waits for a condition with a deadline, checking it again and again: no sleeps as synchronisation. */
final class Eventually {
    static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(10);

    interface Check {
        boolean holds() throws Exception;
    }

    private Eventually() {
    }

    static void until(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + WAIT + ": " + what);
            }
            LockSupport.parkNanos(POLL.toNanos()); // a pause between checks, not the synchronisation
        }
    }
}
