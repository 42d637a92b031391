package io.mixgate.session;

/**
 * One connection's message allowance: a token bucket that refills at {@code perSecond} tokens a
 * second up to {@code burst}, kept as a single "theoretical arrival time" (the generic cell rate
 * algorithm): a message is allowed while that time is at most {@code burst - 1} intervals ahead of
 * now, and each allowed message pushes it one interval further. A refused message takes nothing.
 *
 * <p>Cheap on purpose, since it sits on every inbound message: three longs, no allocation, no
 * lock, one clock read per call.
 *
 * <p>Thread safety: not thread-safe; each connection's bucket is used by its event loop only.
 */
public final class TokenBucket {
    private final long intervalNanos;
    private final long toleranceNanos;
    private long dueNanos;

    /**
     * @param perSecond  sustained rate, {@code >= 1}
     * @param burst      most tokens held at once, {@code >= 1}
     * @param nowNanos   the current time on the clock later passed to {@link #tryTake}; the bucket starts full
     */
    public TokenBucket(int perSecond, int burst, long nowNanos) {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("perSecond and burst must be >= 1: " + perSecond + ", " + burst);
        }
        this.intervalNanos = 1_000_000_000L / perSecond;
        this.toleranceNanos = intervalNanos * (burst - 1L);
        this.dueNanos = nowNanos;
    }

    /** Takes one token if there is one; {@code nowNanos} from a monotonic clock ({@link System#nanoTime()}). */
    public boolean tryTake(long nowNanos) {
        long due = nowNanos - dueNanos > 0 ? nowNanos : dueNanos; // overflow-safe max, as nanoTime asks
        if (due - nowNanos > toleranceNanos) {
            return false;
        }
        dueNanos = due + intervalNanos;
        return true;
    }

    /** Whether the bucket holds every token again, i.e. behaves as a new one would. */
    public boolean isFull(long nowNanos) {
        return dueNanos - nowNanos <= 0;
    }
}
