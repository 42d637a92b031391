package io.mixgate.bench.jmh;

import io.mixgate.session.TokenBucket;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code servers[].rateLimit} adds to every inbound message: one {@link System#nanoTime()}
 * and one {@link TokenBucket#tryTake} (allowed and refused), against the clock read alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class RateLimitBenchmark {
    private final TokenBucket open = new TokenBucket(1_000_000_000, 1_000_000, System.nanoTime());
    private final TokenBucket empty = new TokenBucket(1, 1, System.nanoTime());

    @Benchmark
    public long clockOnly() {
        return System.nanoTime();
    }

    @Benchmark
    public boolean allowed() {
        return open.tryTake(System.nanoTime());
    }

    @Benchmark
    public boolean refused() {
        return empty.tryTake(System.nanoTime());
    }
}
