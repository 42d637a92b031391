package io.mixgate.session;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes 64-bit client ids that are unique across a mesh: bit 63 is zero, bits 62..48 hold the
 * node id (1..32767) and bits 47..0 a per-node sequence seeded from the start time in
 * milliseconds, so a restarted node does not hand out its earlier ids again unless it made
 * more than one id per millisecond of its previous uptime on average. The node id inside the
 * id lets {@code send} route to the owning node without a lookup.
 *
 * <p>Thread-safe.
 */
public final class ClientIdGenerator {
    public static final int MAX_NODE_ID = 0x7FFF;
    private static final int SEQUENCE_BITS = 48;
    private static final long SEQUENCE_MASK = (1L << SEQUENCE_BITS) - 1;

    private final long nodeBits;
    private final AtomicLong sequence;

    public ClientIdGenerator(int nodeId, long seed) {
        if (nodeId < 1 || nodeId > MAX_NODE_ID) {
            throw new IllegalArgumentException("node id " + nodeId + " (expected: 1.." + MAX_NODE_ID + ")");
        }
        this.nodeBits = (long) nodeId << SEQUENCE_BITS;
        this.sequence = new AtomicLong(seed & SEQUENCE_MASK);
    }

    public long next() {
        return nodeBits | (sequence.getAndIncrement() & SEQUENCE_MASK);
    }

    /** The node id carried by {@code clientId}. */
    public static int nodeOf(long clientId) {
        return (int) (clientId >>> SEQUENCE_BITS) & MAX_NODE_ID;
    }
}
