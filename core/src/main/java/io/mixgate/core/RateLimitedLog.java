package io.mixgate.core;

import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * One log call site that can repeat (a warning on a per-connection or per-request path) with a
 * bound on how much it writes: at most {@code maxLines} lines per window; further lines are
 * counted, and the first line let through in a later window is preceded by one line saying how
 * many were suppressed. A flood from clients therefore costs a few lines a minute, not one per
 * client.
 *
 * <p>It writes through a sink given at construction, typically an SLF4J method reference such as
 * {@code log::warn}, so that core needs no logging library; the last argument may be a
 * {@code Throwable}, as SLF4J allows. Thread-safe: many threads may log through one instance.
 * The suppressed count is reported with the next line let through, so a flood that stops is
 * reported when the call site next logs (never lost, but possibly late).
 */
public final class RateLimitedLog {
    /**
     * Lines per minute per call site unless the call site says otherwise: a line a second on
     * average, a flood of clients costs at most this per call site. Instances are static per call
     * site, so every node in one JVM (the tests) shares the budget: keep it well above what a test
     * run produces in a minute, or a test that looks for a line finds it suppressed.
     */
    public static final int DEFAULT_LINES_PER_MINUTE = 60;
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final BiConsumer<String, Object[]> sink;
    private final int maxLines;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private long windowStart;
    private int linesInWindow;
    private long suppressed;
    private String firstSuppressed;

    /** {@value #DEFAULT_LINES_PER_MINUTE} lines a minute on the system's monotonic clock. */
    public RateLimitedLog(BiConsumer<String, Object[]> sink) {
        this(sink, DEFAULT_LINES_PER_MINUTE, MINUTE_NANOS, System::nanoTime);
    }

    /**
     * @param maxLines    lines let through per window (>= 1)
     * @param windowNanos the window's length (> 0)
     * @param nanoClock   a monotonic clock in nanoseconds
     */
    public RateLimitedLog(BiConsumer<String, Object[]> sink, int maxLines, long windowNanos, LongSupplier nanoClock) {
        if (maxLines < 1 || windowNanos <= 0) {
            throw new IllegalArgumentException("maxLines " + maxLines + " (expected >= 1), windowNanos " + windowNanos
                    + " (expected > 0)");
        }
        this.sink = sink;
        this.maxLines = maxLines;
        this.windowNanos = windowNanos;
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
    }

    /** Logs {@code format} with {@code args} unless this call site has used its lines for the window. */
    public void log(String format, Object... args) {
        long note;
        String noteFormat;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (now - windowStart >= windowNanos) {
                windowStart = now;
                linesInWindow = 0;
            }
            if (linesInWindow >= maxLines) {
                if (suppressed++ == 0) {
                    firstSuppressed = format;
                }
                return;
            }
            linesInWindow++;
            note = suppressed;
            noteFormat = firstSuppressed;
            suppressed = 0;
            firstSuppressed = null;
        }
        if (note > 0) {
            sink.accept("{} more lines like \"{}\" were suppressed (at most {} a {} s per call site)",
                    new Object[] {note, noteFormat, maxLines, windowNanos / 1_000_000_000L});
        }
        sink.accept(format, args);
    }

    /** Lines counted but not written since the last line let through; for tests and metrics. */
    public synchronized long suppressed() {
        return suppressed;
    }
}
