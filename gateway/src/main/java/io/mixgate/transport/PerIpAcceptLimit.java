package io.mixgate.transport;

import io.mixgate.session.TokenBucket;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code servers[].maxConnectionsPerSecondPerIp}: a token bucket per source address (rate and
 * burst both the configured value) that each accepted TCP connection takes from. Buckets that
 * have refilled completely say nothing a fresh bucket would not, so they are dropped once a
 * second: memory follows the addresses seen in the last second, not all addresses ever seen.
 * Refusals are counted, and logged at most once a second with how many there were.
 *
 * <p>Thread-safe: called by every event loop at accept. Two accepts from one address are
 * serialised by the map; the once-a-second sweep may, rarely, let one extra connection through.
 */
final class PerIpAcceptLimit {
    private static final Logger log = LoggerFactory.getLogger(PerIpAcceptLimit.class);
    private static final long SECOND = 1_000_000_000L;

    private final int perSecond;
    private final String serverName;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<InetAddress, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong nextSweep;
    private final AtomicLong nextLog;
    private final AtomicLong unlogged = new AtomicLong();

    /** @param perSecond connections per second per address, {@code >= 1}; {@code serverName} names the server in logs */
    PerIpAcceptLimit(int perSecond, String serverName, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.serverName = serverName;
        this.nanoClock = nanoClock;
        long now = nanoClock.getAsLong();
        this.nextSweep = new AtomicLong(now + SECOND);
        this.nextLog = new AtomicLong(now);
    }

    /** Whether a new connection from {@code address} may stay; counts and logs the ones that may not. */
    boolean tryAccept(InetAddress address) {
        long now = nanoClock.getAsLong();
        sweep(now);
        boolean[] allowed = new boolean[1];
        buckets.compute(address, (a, bucket) -> {
            TokenBucket b = bucket != null ? bucket : new TokenBucket(perSecond, perSecond, now);
            allowed[0] = b.tryTake(now);
            return b;
        });
        if (!allowed[0]) {
            refused.incrementAndGet();
            unlogged.incrementAndGet();
            logNow(now, address);
        }
        return allowed[0];
    }

    /** Connections refused since the server started. */
    long refused() {
        return refused.get();
    }

    private void sweep(long now) {
        long due = nextSweep.get();
        if (now - due >= 0 && nextSweep.compareAndSet(due, now + SECOND)) {
            buckets.values().removeIf(b -> b.isFull(now));
        }
    }

    private void logNow(long now, InetAddress last) {
        long due = nextLog.get();
        if (now - due >= 0 && nextLog.compareAndSet(due, now + SECOND)) {
            log.warn("{}: refused {} new connection(s) over maxConnectionsPerSecondPerIp={} (latest from {}; {} in all)",
                    serverName, unlogged.getAndSet(0), perSecond, last.getHostAddress(), refused.get());
        }
    }
}
