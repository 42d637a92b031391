package io.mixgate.bench;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The options of one {@code run}: which scenario against which target, at what scale. Every
 * option has a small default, so a bare run is a quick check rather than a long load.
 *
 * @param scenario      fanout | private | connect | publish | publish-batch | publish-ws | upstream | market (fanout with ws2: the mesh scenario)
 * @param target        mixgate | nchan
 * @param ws            the target's WebSocket address (loopback)
 * @param ws2           mesh: a second node's WebSocket address; odd-numbered subscribers connect there (null: none)
 * @param pid2          mesh: the second node's pid, whose CPU is added to the first's (0: none)
 * @param http          the target's publish address (mixgate's API server, nchan's nginx)
 * @param wsPath        mixgate's WebSocket path
 * @param pid           the server's pid for CPU and memory from /proc (0: none)
 * @param authPid       the auth endpoint's pid, whose CPU the connect scenario reports as auth_cpu_s (0: none)
 * @param n             subscribers or connections
 * @param rate          publishes per second (fan-out scenarios)
 * @param seconds       publishing time, or the closed-loop time of the publish API scenarios
 * @param concurrency   connection setups in flight at once
 * @param connections   publisher HTTP connections
 * @param depth         requests in flight per publisher connection (HTTP pipelining, or /ws/v1 requests)
 * @param batch         messages per batch request
 * @param settleSeconds wait after connecting before measuring memory
 * @param holdSeconds   keep the connections this long after measuring (connect scenario)
 * @param sources       loopback source addresses the client spreads its connections over
 * @param threads       client event loop threads
 * @param auth          connect scenario: authenticate and subscribe to a private channel (true), or
 *                      only subscribe to the public channel (false), like nchan's bare subscribe
 * @param warmup        connections opened and closed before the connect scenario measures (0: none)
 * @param jcmd          path of jcmd, to read the JVM's heap and native memory (mixgate only); empty: skip
 * @param label         the row this result belongs to in the side-by-side table
 * @param run           a short id that keeps this run's channels apart from earlier runs'
 * @param tls           subscribers connect with {@code wss://} (trusting any certificate: a bench, not a client);
 *                      the publisher stays on plain HTTP
 * @param provider      upstream scenario: the loopback address the bench's provider listens on (the node's upstream url), or null
 * @param symbols       market scenario: symbols fed (S)
 * @param levels        market scenario: levels per book side (L)
 * @param changes       market scenario: levels changed per engine snapshot
 */
record BenchOptions(String scenario, String target, InetSocketAddress ws, InetSocketAddress ws2, InetSocketAddress http,
                    String wsPath, long pid, long pid2, long authPid, int n, double rate, double seconds, int concurrency, int connections, int depth,
                    int batch, double settleSeconds, double holdSeconds, int sources, int threads, boolean auth, int warmup, String jcmd,
                    String label, String run, boolean deflate, String payload, boolean tls,
                    InetSocketAddress provider, int symbols, int levels, int changes) {

    static BenchOptions parse(String[] args, int from) {
        Map<String, String> m = new HashMap<>();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got: " + a);
            }
            m.put(a.substring(2), args[++i]);
        }
        String scenario = m.getOrDefault("scenario", "fanout");
        String target = m.getOrDefault("target", "mixgate");
        int n = Integer.parseInt(m.getOrDefault("n", "10"));
        double rate = Double.parseDouble(m.getOrDefault("rate", "10"));
        double seconds = Double.parseDouble(m.getOrDefault("seconds", "1"));
        String label = m.getOrDefault("label", scenario + " n=" + n + (scenario.equals("fanout") || scenario.equals("private")
                ? " rate=" + (long) rate : ""));
        BenchOptions o = new BenchOptions(scenario, target,
                address(m.getOrDefault("ws", "127.0.0.1:6790")),
                m.containsKey("ws2") ? address(m.get("ws2")) : null,
                address(m.getOrDefault("http", "127.0.0.1:6789")),
                m.getOrDefault("ws-path", "/exchange-stream"),
                Long.parseLong(m.getOrDefault("pid", "0")),
                Long.parseLong(m.getOrDefault("pid2", "0")),
                Long.parseLong(m.getOrDefault("auth-pid", "0")),
                n, rate, seconds,
                Integer.parseInt(m.getOrDefault("concurrency", "200")),
                Integer.parseInt(m.getOrDefault("connections", "8")),
                Integer.parseInt(m.getOrDefault("depth", "1")),
                Integer.parseInt(m.getOrDefault("batch", "100")),
                Double.parseDouble(m.getOrDefault("settle", "3")),
                Double.parseDouble(m.getOrDefault("hold", "0")),
                Integer.parseInt(m.getOrDefault("sources", "16")),
                Integer.parseInt(m.getOrDefault("threads", "2")),
                Boolean.parseBoolean(m.getOrDefault("auth", "true")),
                Integer.parseInt(m.getOrDefault("warmup", "0")),
                m.getOrDefault("jcmd", ""),
                label,
                m.getOrDefault("run", Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 999_999))),
                Boolean.parseBoolean(m.getOrDefault("deflate", "false")),
                m.getOrDefault("payload", "pad"),
                Boolean.parseBoolean(m.getOrDefault("tls", "false")),
                m.containsKey("provider") ? address(m.get("provider")) : null,
                Integer.parseInt(m.getOrDefault("symbols", "10")),
                Integer.parseInt(m.getOrDefault("levels", "100")),
                Integer.parseInt(m.getOrDefault("changes", "5")));
        o.check();
        return o;
    }

    private void check() {
        if (!payload.equals("pad") && !payload.equals("book")) {
            throw new IllegalArgumentException("--payload must be pad or book: " + payload);
        }
        if (n < 1 || n > 1_000_000 || rate <= 0 || rate > 1_000_000 || seconds <= 0 || seconds > 3600
                || concurrency < 1 || connections < 1 || connections > 1000 || depth < 1 || depth > 1000
                || batch < 1 || batch > 100_000 || holdSeconds < 0 || holdSeconds > 3600
                || symbols < 1 || symbols > 100_000 || levels < 1 || levels > 100_000 || changes < 1 || changes > levels) {
            throw new IllegalArgumentException("option out of range: " + this);
        }
        if (!ws.getAddress().isLoopbackAddress() || !http.getAddress().isLoopbackAddress()
                || ws2 != null && !ws2.getAddress().isLoopbackAddress()
                || provider != null && !provider.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("the bench only loads loopback addresses: " + ws + ", " + ws2 + ", " + http);
        }
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** The subscribers' TLS client context (OpenSSL where it loads, trusting any certificate), or null without {@code --tls true}. */
    io.netty.handler.ssl.SslContext clientTls() {
        if (!tls) {
            return null;
        }
        try {
            return io.netty.handler.ssl.SslContextBuilder.forClient()
                    .trustManager(io.netty.handler.ssl.util.InsecureTrustManagerFactory.INSTANCE)
                    .build();
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException("no TLS client context: " + e.getMessage(), e);
        }
    }

    /** The first user id of this run's private channels: distinct per run, never 0. */
    long userBase() {
        return Long.parseLong(run) * 1_000_000L;
    }

    Target newTarget() {
        return switch (target) {
            case "mixgate" -> new MixgateTarget(wsPath, run);
            case "nchan" -> new NchanTarget(run);
            default -> throw new IllegalArgumentException("unknown target: " + target + " (expected: mixgate or nchan)");
        };
    }
}
