package io.mixgate.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What all subscribers of one scenario received: counts and latency. Thread-safe. */
final class DeliveryCounters {
    final LongAdder delivered = new LongAdder();
    final LongAdder unexpected = new LongAdder();
    final LongAdder droppedConnections = new LongAdder();
    final LatencyRecorder latency = new LatencyRecorder();
    /** Bytes the subscribers read off their sockets (frames as sent, compressed or not), handshakes included. */
    final LongAdder wireBytes = new LongAdder();
    /** nanoTime of the latest delivery. */
    final AtomicLong lastDelivery = new AtomicLong();

    void delivered(long sendNanos) {
        long now = System.nanoTime();
        delivered.increment();
        latency.record(now - sendNanos);
        lastDelivery.lazySet(now);
    }
}
