package io.mixgate.node;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * An {@link Executor} that counts the tasks it started and that have not finished, so that a
 * draining node can wait for its script callbacks ({@code on_close} included) before it exits.
 *
 * <p>Thread-safe: tasks may be started and finish on any thread.
 */
public final class InFlightTasks implements Executor {
    private final Executor delegate;
    private final Object lock = new Object();
    private int running; // guarded by lock

    public InFlightTasks(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (lock) {
            running++;
        }
        try {
            delegate.execute(() -> {
                try {
                    task.run();
                } finally {
                    finished();
                }
            });
        } catch (RuntimeException | Error e) {
            finished();
            throw e;
        }
    }

    private void finished() {
        synchronized (lock) {
            running--;
            if (running == 0) {
                lock.notifyAll();
            }
        }
    }

    /** Tasks started and not finished. */
    public int running() {
        synchronized (lock) {
            return running;
        }
    }

    /**
     * Waits until no task is running, at most {@code timeout}.
     *
     * @return true when none is running, false when the time ran out first
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }
}
