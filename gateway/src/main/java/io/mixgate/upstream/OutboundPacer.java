package io.mixgate.upstream;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The outbound rate limit of one upstream ({@code upstreams[].rateLimit} messages per second over
 * all its connections, bursts of up to one second's worth): {@link #acquire()} blocks the calling
 * script thread until the next message may go, so a subscribe storm is spread out rather than
 * refused (and never earns a provider ban). Thread-safe.
 */
final class OutboundPacer {
    private final long intervalNanos;
    private final long burstNanos;
    private final LongSupplier nanoTime;
    private long nextFree; // guarded by this

    OutboundPacer(int perSecond, LongSupplier nanoTime) {
        this.intervalNanos = 1_000_000_000L / perSecond;
        this.burstNanos = intervalNanos * perSecond;
        this.nanoTime = nanoTime;
        this.nextFree = nanoTime.getAsLong() - burstNanos;
    }

    /** Waits for this message's turn. */
    void acquire() {
        long slot;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            slot = Math.max(nextFree, now - burstNanos) + intervalNanos;
            nextFree = slot;
        }
        for (long left = slot - nanoTime.getAsLong(); left > 0; left = slot - nanoTime.getAsLong()) {
            LockSupport.parkNanos(left); // the rate limit itself, not a wait for an event
        }
    }
}
