package io.mixgate.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Latencies in nanoseconds, recorded from any thread (HdrHistogram, three significant digits)
 * and reported in milliseconds.
 */
final class LatencyRecorder {
    private final Histogram histogram = new ConcurrentHistogram(TimeUnit.MICROSECONDS.toNanos(1),
            TimeUnit.SECONDS.toNanos(120), 3);

    void record(long nanos) {
        histogram.recordValue(Math.max(1000, Math.min(nanos, histogram.getHighestTrackableValue())));
    }

    long count() {
        return histogram.getTotalCount();
    }

    /** Percentile {@code p} (0..100) in milliseconds. */
    double percentileMillis(double p) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(p) / 1e6;
    }

    double maxMillis() {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMaxValue() / 1e6;
    }

    /** Adds p50, p99, p999 and max (ms) to {@code result} under {@code prefix}. */
    void report(Result result, String prefix) {
        result.put(prefix + "p50_ms", percentileMillis(50));
        result.put(prefix + "p99_ms", percentileMillis(99));
        result.put(prefix + "p999_ms", percentileMillis(99.9));
        result.put(prefix + "max_ms", maxMillis());
    }
}
