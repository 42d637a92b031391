package io.mixgate.bench.jmh;

import io.mixgate.core.CallOutcome;
import io.mixgate.core.ConnCall;
import io.mixgate.core.MeshOperations;
import io.mixgate.core.MessageType;
import io.mixgate.core.NodeHealth;
import io.mixgate.core.PublishResult;
import io.mixgate.core.SendOutcome;
import io.mixgate.config.ScriptConfig;
import io.mixgate.pubsub.SubscriptionIndex;
import io.mixgate.http.JdkScriptHttpClient;
import io.mixgate.script.ScriptHost;
import io.mixgate.script.ScriptServices;
import io.mixgate.session.ScriptLane;
import io.mixgate.session.Session;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One client message through the shipped entry script ({@code scripts/entry.websocket.lua}, run
 * from the project root): borrow a VM, decode the JSON, run {@code on_message}, reply through
 * {@code conn:send}. A ping (the lightest op) and a public subscribe/unsubscribe pair.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScriptDispatchBenchmark {
    private static final byte[] PING = "{\"op\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SUBSCRIBE = "{\"op\":\"subscribe\",\"channel\":\"BTCUSDT@depth\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] UNSUBSCRIBE = "{\"op\":\"unsubscribe\",\"channel\":\"BTCUSDT@depth\"}".getBytes(StandardCharsets.UTF_8);

    private final SubscriptionIndex index = new SubscriptionIndex();
    private HttpClient http;
    private ScriptHost host;
    private Session session;

    @Setup
    public void start() throws Exception {
        http = HttpClient.newHttpClient();
        ScriptServices services = new ScriptServices(index, new NoMesh(), new JdkScriptHttpClient(http), Duration.ofSeconds(1),
                Map.of("path", "/exchange-stream"), 1000, name -> null);
        host = ScriptHost.start(Path.of("scripts/entry.websocket.lua"), "scripts/entry.websocket.lua",
                ScriptConfig.defaults(), services);
        session = new Session(1, new NullTransport(), new ScriptLane(Runnable::run, 128), 1000);
    }

    @TearDown
    public void stop() {
        http.close();
    }

    @Benchmark
    public void ping() {
        host.onMessage(session, PING, MessageType.TEXT);
    }

    @Benchmark
    public void subscribeAndUnsubscribe() {
        host.onMessage(session, SUBSCRIBE, MessageType.TEXT);
        host.onMessage(session, UNSUBSCRIBE, MessageType.TEXT);
    }

    private static final class NoMesh implements MeshOperations {
        @Override
        public CompletionStage<PublishResult> publish(String channel, byte[] data, MessageType type) {
            return CompletableFuture.completedFuture(PublishResult.NONE);
        }

        @Override
        public CompletionStage<SendOutcome> send(long clientId, byte[] data, MessageType type) {
            return CompletableFuture.completedFuture(SendOutcome.UNKNOWN_CLIENT);
        }

        @Override
        public CompletionStage<CallOutcome> call(long clientId, ConnCall call) {
            return CompletableFuture.completedFuture(CallOutcome.unknownClient(clientId));
        }

        @Override
        public NodeHealth health() {
            return new NodeHealth(true, 0, "ok");
        }
    }
}
