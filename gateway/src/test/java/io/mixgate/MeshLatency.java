package io.mixgate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Measures publish-to-delivery latency across two nodes of a Redis mesh, on this machine: a
 * real redis-server, node A and node B in this JVM, one WebSocket client on B subscribed to a
 * channel, and {@code POST /v1/mesh/publish} sent to A. Each sample runs from just before the
 * HTTP request is sent to the moment the client on B has the message; one message in flight
 * at a time. For comparison it also measures a publish to B itself (still through Redis).
 *
 * <p>A tool, not a test: it prints figures and asserts nothing. Run it with {@code ./mx latency [samples]}.
 */
public final class MeshLatency {
    private static final int WARMUP = 2000;

    private MeshLatency() {
    }

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (RedisServer redis = RedisServer.launch();
             TestNode a = Probe.meshNode(redis, 1, "logging.level=warn");
             TestNode b = Probe.meshNode(redis, 2, "logging.level=warn");
             WsClient subscriber = WsClient.connect(b.wsUri())) {
            Probe.eval(subscriber, "return mix.websocket():subscribe('latency')");
            Await.until("node B subscribed", Duration.ofSeconds(15),
                    () -> redis.subscribers("mixgate:c:latency", false), n -> n == 1);
            System.out.printf("redis-server %s on 127.0.0.1:%d, %d cores, JDK %s%n", redisVersion(),
                    redis.port, Runtime.getRuntime().availableProcessors(), Runtime.version());
            report("publish to node A, client on node B", measure(http, a.api("/v1/mesh/publish"), subscriber, samples));
            report("publish to node B, client on node B", measure(http, b.api("/v1/mesh/publish"), subscriber, samples));
        }
    }

    private static long[] measure(HttpClient http, URI publish, WsClient subscriber, int samples) throws Exception {
        long[] micros = new long[samples];
        for (int i = -WARMUP; i < samples; i++) {
            String data = "m" + i;
            HttpRequest request = HttpRequest.newBuilder(publish).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Probe.publishBody("latency", data))).build();
            long start = System.nanoTime();
            CompletableFuture<HttpResponse<String>> reply = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            String got = subscriber.nextText();
            long end = System.nanoTime();
            if (!got.equals(data)) {
                throw new IllegalStateException("expected " + data + ", got " + got);
            }
            if (reply.join().statusCode() != 200) {
                throw new IllegalStateException("publish failed: " + reply.join().body());
            }
            if (i >= 0) {
                micros[i] = (end - start) / 1000;
            }
        }
        return micros;
    }

    private static void report(String what, long[] micros) {
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        System.out.printf("%s: %d samples, p50 %d us, p90 %d us, p99 %d us, max %d us%n", what, sorted.length,
                at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), sorted[sorted.length - 1]);
    }

    private static long at(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    private static String redisVersion() throws Exception {
        Process p = new ProcessBuilder("redis-server", "--version").start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return out.replaceAll(".*v=([^ ]+).*", "$1");
    }
}
