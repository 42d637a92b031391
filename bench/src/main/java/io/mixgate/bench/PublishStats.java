package io.mixgate.bench;

import java.util.concurrent.atomic.LongAdder;

/** What the publisher's requests achieved: counts and request latency. Thread-safe. */
final class PublishStats {
    final LongAdder sent = new LongAdder();
    final LongAdder okRequests = new LongAdder();
    final LongAdder failedRequests = new LongAdder();
    final LongAdder okMessages = new LongAdder();
    final LatencyRecorder latency = new LatencyRecorder();
    volatile String firstError;

    void answered(Target.Publish publish, boolean ok, long latencyNanos, String error) {
        latency.record(latencyNanos);
        if (ok) {
            okRequests.increment();
            okMessages.add(publish.messages());
        } else {
            failedRequests.increment();
            if (firstError == null) {
                firstError = error;
            }
        }
    }

    long inFlight() {
        return sent.sum() - okRequests.sum() - failedRequests.sum();
    }
}
