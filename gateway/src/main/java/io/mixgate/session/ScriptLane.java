package io.mixgate.session;

import io.mixgate.core.RateLimitedLog;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's script callbacks one at a time, in submission order, on virtual
 * threads. A lane holds no thread while idle: the first submission starts a drain task on the
 * executor, which runs until the queue is empty.
 *
 * <p>Flow control: the transport asks {@link #pending()} after {@link ClientTransport#backlogChanged()}
 * and stops reading from the socket while {@link #isBacklogged(boolean)}, so a client that sends
 * faster than its script handles cannot grow the queue without bound.
 *
 * <p>Thread-safe: {@link #submit} may be called from any thread.
 */
public final class ScriptLane {
    private static final Logger log = LoggerFactory.getLogger(ScriptLane.class);
    /** Repeating warnings: at most a few lines a minute per call site, then a count (one budget per call site, like the logger). */
    private static final RateLimitedLog taskFailures = new RateLimitedLog(log::error);

    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final Executor executor;
    private final int highWater;
    private final int lowWater;
    private volatile ClientTransport transport;

    /**
     * @param executor  starts each drain, normally one virtual thread per task
     * @param highWater queued callbacks at which reading from the socket stops
     */
    public ScriptLane(Executor executor, int highWater) {
        this.executor = executor;
        this.highWater = highWater;
        this.lowWater = Math.max(0, highWater / 4);
    }

    /** The transport told about backlog changes; set once when the connection opens. */
    public void bind(ClientTransport transport) {
        this.transport = transport;
    }

    public void submit(Runnable task) {
        tasks.add(task);
        int now = pending.incrementAndGet();
        if (now == 1) {
            executor.execute(this::drain);
        }
        if (now == highWater) {
            notifyBacklog();
        }
    }

    /** Callbacks queued or running. */
    public int pending() {
        return pending.get();
    }

    /**
     * Whether reading should stay off, with hysteresis: once reading stopped at the high-water
     * mark it resumes only when the backlog has fallen to a quarter of it.
     */
    public boolean isBacklogged(boolean readingPaused) {
        int now = pending.get();
        return readingPaused ? now > lowWater : now >= highWater;
    }

    private void drain() {
        while (true) {
            Runnable task = tasks.poll(); // never null: every increment follows its add
            try {
                task.run();
            } catch (Throwable t) {
                taskFailures.log("script lane task failed", t);
            }
            int left = pending.decrementAndGet();
            if (left == lowWater) {
                notifyBacklog();
            }
            if (left == 0) {
                return;
            }
            Thread.yield(); // let other lanes run between callbacks of a busy connection
        }
    }

    private void notifyBacklog() {
        ClientTransport t = transport;
        if (t != null) {
            t.backlogChanged();
        }
    }
}
