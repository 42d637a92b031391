package io.mixgate.bench;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Latencies in nanoseconds (HdrHistogram, three significant digits), reported in milliseconds.
 * Each recording thread writes its own histogram (the event loops record hundreds of thousands
 * of values a second, so no shared lock or phaser on that path); reports merge them.
 *
 * <p>Thread safety: {@link #record} from any thread; read the report after recording stopped
 * (the scenarios read after their loads are over and drained).
 */
final class LatencyRecorder {
    private static final long LOWEST = TimeUnit.MICROSECONDS.toNanos(1);
    private static final long HIGHEST = TimeUnit.SECONDS.toNanos(300);

    private final List<Histogram> all = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Histogram> mine = ThreadLocal.withInitial(() -> {
        Histogram h = new Histogram(LOWEST, HIGHEST, 3);
        all.add(h);
        return h;
    });

    void record(long nanos) {
        mine.get().recordValue(Math.max(LOWEST, Math.min(nanos, HIGHEST)));
    }

    private Histogram merged() {
        Histogram sum = new Histogram(LOWEST, HIGHEST, 3);
        for (Histogram h : all) {
            synchronized (h) {
                sum.add(h);
            }
        }
        return sum;
    }

    /** Adds p50, p99, p999 and max (ms) to {@code result} under {@code prefix}. */
    void report(Result result, String prefix) {
        Histogram h = merged();
        boolean empty = h.getTotalCount() == 0;
        result.put(prefix + "p50_ms", empty ? Double.NaN : h.getValueAtPercentile(50) / 1e6);
        result.put(prefix + "p99_ms", empty ? Double.NaN : h.getValueAtPercentile(99) / 1e6);
        result.put(prefix + "p999_ms", empty ? Double.NaN : h.getValueAtPercentile(99.9) / 1e6);
        result.put(prefix + "max_ms", empty ? Double.NaN : h.getMaxValue() / 1e6);
    }
}
