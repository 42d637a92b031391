package io.mixgate.pubsub;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a mesh node's channel history did since start, for its metrics.
 *
 * <p>Thread-safe (adders).
 */
final class MeshHistoryFigures {
    final LongAdder envelopeFills = new LongAdder();
    final LongAdder reads = new LongAdder();
    final LongAdder recovered = new LongAdder();
    final LongAdder notRecovered = new LongAdder();
    final LongAdder gapsFilled = new LongAdder();
    final LongAdder gapsUnrecoverable = new LongAdder();
}
