package io.mixgate.script;

import io.mixgate.http.ScriptHttpClient;
import io.mixgate.http.PreparedRequest;
import io.mixgate.http.JdkScriptHttpClient;
import io.mixgate.transport.EventLoops;
import io.mixgate.transport.http.NettyScriptHttpClient;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What one {@code mix.http.request} exchange costs the node in CPU with each client: sends the
 * connect benchmark's auth POST to an endpoint in another process (the bench's
 * {@code BenchMain auth --port P}) from 16 virtual threads and prints this process's CPU
 * microseconds per request. Not a test: prints figures.
 *
 * <p>Run: {@code java -cp <test classpath> io.mixgate.script.ScriptHttpClientCost PORT [jdk|netty]}
 */
public final class ScriptHttpClientCost {
    private static final int CALLERS = 16;

    public static void main(String[] args) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + args[0] + "/websocket_auth");
        byte[] body = "{\"token\":\"u42\"}".getBytes(StandardCharsets.UTF_8);
        PreparedRequest request = new PreparedRequest(HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json").build(),
                body, Duration.ofSeconds(10));
        HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL).executor(Runnable::run).build();
        try (EventLoops loops = new EventLoops(2)) {
            NettyScriptHttpClient netty = new NettyScriptHttpClient(loops, new JdkScriptHttpClient(jdk));
            String only = args.length > 1 ? args[1] : "";
            for (int round = 0; round < 3; round++) {
                if (!only.equals("netty")) {
                    measure("jdk", new JdkScriptHttpClient(jdk), request);
                }
                if (!only.equals("jdk")) {
                    measure("netty", netty, request);
                }
            }
            netty.close();
        }
        jdk.shutdownNow();
    }

    private static void measure(String name, ScriptHttpClient client, PreparedRequest request) throws Exception {
        run(client, request, 20_000); // JIT warm-up
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int n = 40_000;
        long cpu = os.getProcessCpuTime();
        long wall = System.nanoTime();
        run(client, request, n);
        cpu = os.getProcessCpuTime() - cpu;
        wall = System.nanoTime() - wall;
        System.out.printf("%-6s %6.1f us CPU/request, %8.0f requests/s%n", name, cpu / 1e3 / n, n / (wall / 1e9));
    }

    private static void run(ScriptHttpClient client, PreparedRequest request, int n) throws Exception {
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                done.add(callers.submit(() -> {
                    for (int i = 0; i < n / CALLERS; i++) {
                        if (client.send(request, 1 << 20).get(10, TimeUnit.SECONDS).status() != 200) {
                            throw new IllegalStateException("auth endpoint refused the token");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
    }
}
