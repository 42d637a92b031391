package io.mixgate.broker;

import io.mixgate.core.RateLimitedLog;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes messages off Lettuce's event loops at once and delivers them on one thread of its own,
 * in arrival order, so per-channel publish order survives and a slow fan-out never stalls the
 * Redis connection. The queue is bounded: when delivery falls that far behind, new messages are
 * dropped and counted (at-most-once, as the broker promises) rather than held in memory without
 * limit, and a warning is logged at most once a minute. Whenever the queue runs empty after a
 * delivery, {@code drained} runs on the same thread (the broker sends the count reports it
 * gathered meanwhile, one node message per publisher).
 *
 * <p>Thread safety: {@link #offer} may be called from any thread and never blocks.
 */
final class InboundDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InboundDispatcher.class);
    /** Repeating warnings: at most a few lines a minute per call site, then a count (one budget per call site, like the logger). */
    private static final RateLimitedLog deliveryFailures = new RateLimitedLog(log::error);
    private static final RateLimitedLog drainFailures = new RateLimitedLog(log::error);
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    private record Inbound(String channel, byte[] payload) {
    }

    private final BlockingQueue<Inbound> queue;
    private final BiConsumer<String, byte[]> handler;
    private final Runnable drained;
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private volatile long lastWarn = System.nanoTime() - WARN_EVERY_NANOS;

    InboundDispatcher(int capacity, BiConsumer<String, byte[]> handler, Runnable drained) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.handler = handler;
        this.drained = drained;
        this.thread = Thread.ofPlatform().name("redis-inbound").daemon().start(this::run);
    }

    /** Queues a message; drops it when the queue is full. */
    void offer(String channel, byte[] payload) {
        if (!queue.offer(new Inbound(channel, payload))) {
            long total = dropped.incrementAndGet();
            long now = System.nanoTime();
            if (now - lastWarn >= WARN_EVERY_NANOS) {
                lastWarn = now;
                log.warn("inbound Redis messages arrive faster than this node delivers them: {} dropped so far", total);
            }
        }
    }

    /** Messages dropped because the queue was full. */
    long dropped() {
        return dropped.get();
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            Inbound next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                handler.accept(next.channel(), next.payload());
            } catch (RuntimeException e) {
                deliveryFailures.log("delivering a message from Redis channel {} failed", next.channel(), e);
            }
            if (queue.isEmpty()) {
                try {
                    drained.run();
                } catch (RuntimeException e) {
                    drainFailures.log("after draining the inbound queue", e);
                }
            }
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
