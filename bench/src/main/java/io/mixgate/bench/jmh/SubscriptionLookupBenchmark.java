package io.mixgate.bench.jmh;

import io.mixgate.pubsub.SubscriptionIndex;
import io.mixgate.session.ScriptLane;
import io.mixgate.session.Session;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The subscription index on the publish path: looking a channel up among 100,000 private
 * channels, and walking a 1,000-subscriber public channel.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SubscriptionLookupBenchmark {
    private final SubscriptionIndex index = new SubscriptionIndex();
    private int next;

    @Setup
    public void fill() {
        for (int i = 0; i < 100_000; i++) {
            index.subscribe(session(i), "ex:" + (1_000_000 + i) + "@balance", 10);
        }
        for (int i = 0; i < 1_000; i++) {
            index.subscribe(session(200_000 + i), "ex:BTCUSDT@depth", 10);
        }
    }

    private static Session session(long id) {
        return new Session(id, new NullTransport(), new ScriptLane(Runnable::run, 128), 1000);
    }

    @Benchmark
    public Set<Session> privateChannelLookup() {
        next = (next + 7919) % 100_000;
        return index.subscribers("ex:" + (1_000_000 + next) + "@balance");
    }

    @Benchmark
    public boolean missingChannelLookup() {
        return index.hasSubscribers("ex:ETHUSDT@trade");
    }

    @Benchmark
    public long publicChannelWalk() {
        long sum = 0;
        for (Session s : index.subscribers("ex:BTCUSDT@depth")) {
            sum += s.id();
        }
        return sum;
    }
}
