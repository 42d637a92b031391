package io.mixgate.bench.jmh;

import io.mixgate.core.MessageType;
import io.mixgate.core.PublishResult;
import io.mixgate.pubsub.Delivery;
import io.mixgate.pubsub.SubscriptionIndex;
import io.mixgate.session.OutboundFrame;
import io.mixgate.session.ScriptLane;
import io.mixgate.session.Session;
import io.mixgate.transport.EventLoopFanout;
import io.mixgate.transport.WebSocketFrameFormat;
import java.nio.charset.StandardCharsets;
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
 * Encoding a 150-byte message into its WebSocket frame (once per message), and the delivery
 * path above the sockets: lookup, encode once, and the per-subscriber loop for 1,000
 * subscribers (with connections that take the frame and go nowhere).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameEncodingBenchmark {
    private final WebSocketFrameFormat encoder = new WebSocketFrameFormat();
    private final SubscriptionIndex index = new SubscriptionIndex();
    private final Delivery delivery = new Delivery(index, new EventLoopFanout());
    private final byte[] payload = ("{\"ts\":1234567890123456,\"seq\":42,\"pad\":\"" + "x".repeat(105) + "\"}")
            .getBytes(StandardCharsets.UTF_8);

    @Setup
    public void subscribe() {
        for (int i = 0; i < 1_000; i++) {
            index.subscribe(new Session(i, new NullTransport(encoder), new ScriptLane(Runnable::run, 128), 1000), "ex:BTCUSDT@depth", 10);
        }
    }

    @Benchmark
    public void encode150Bytes() {
        OutboundFrame frame = encoder.encode(payload, MessageType.TEXT);
        frame.release();
    }

    @Benchmark
    public PublishResult deliverTo1000Subscribers() {
        return delivery.deliver("ex:BTCUSDT@depth", payload, MessageType.TEXT);
    }
}
