package io.mixgate;

import io.mixgate.config.ConfigLoader;
import io.mixgate.config.GatewayConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;

/**
 * Measures the heap one idle connection costs a node: starts a real node (the shipped config and
 * exchange script, a stub auth service), has {@link IdleClients} in a child JVM open N
 * connections that authenticate (a {@code uid} context value) and subscribe to two channels, and
 * compares the node's heap after full GCs with the connections open and before. Also counts the
 * Lua objects in the heap, to show that idle connections add none. Not a test: prints figures.
 *
 * <p>Run (see README, "Memory per connection"):
 * {@code java -cp <test classpath> io.mixgate.IdleFootprint 10000}
 */
public final class IdleFootprint {
    private IdleFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        try (AuthStub auth = new AuthStub().user("tok", 1001)) {
            GatewayConfig config = ConfigLoader.load(Path.of("config/gateway.yaml"), List.of("servers[0].port=0",
                    "apiServer.port=0", "servers[0].bind=127.0.0.1", "apiServer.bind=127.0.0.1",
                    "servers[0].readTimeout=0", "servers[0].options.auth_url=" + auth.url()));
            try (Gateway node = Gateway.start(config, Clock.systemUTC())) {
                String uri = "ws://127.0.0.1:" + node.serverPort(0) + "/exchange-stream";
                runClients(uri, 200); // warm up: JIT, VM pool, Netty buffers
                long before = heapAfterGc();
                Map<String, long[]> histogramBefore = histogram();
                Process clients = runClients(uri, n);
                long after = heapAfterGc();
                Map<String, long[]> histogramAfter = histogram();
                System.out.printf("connections: %d (node reports %d)%n", n, node.connectionCount());
                System.out.printf("heap after GC: %,d bytes before, %,d bytes with them open%n", before, after);
                System.out.printf("per idle connection: %,d bytes%n", (after - before) / n);
                for (String cls : List.of("org.luaj.vm2.Globals", "org.luaj.vm2.LuaTable", "org.luaj.vm2.LuaClosure")) {
                    System.out.printf("%s instances: %d before, %d after%n", cls,
                            histogramBefore.getOrDefault(cls, new long[2])[0], histogramAfter.getOrDefault(cls, new long[2])[0]);
                }
                System.out.println("largest growth per connection (bytes, instances):");
                histogramAfter.entrySet().stream()
                        .map(e -> Map.entry(e.getKey(), new long[] {
                                e.getValue()[1] - histogramBefore.getOrDefault(e.getKey(), new long[2])[1],
                                e.getValue()[0] - histogramBefore.getOrDefault(e.getKey(), new long[2])[0]}))
                        .sorted((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0]))
                        .limit(12)
                        .forEach(e -> System.out.printf("  %6.0f  %5.2f  %s%n", e.getValue()[0] / (double) n,
                                e.getValue()[1] / (double) n, e.getKey()));
                clients.getOutputStream().close();
                clients.waitFor();
            }
        }
    }

    /** Starts the clients and waits until they are all connected; closing the process' input ends them. */
    private static Process runClients(String uri, int n) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                IdleClients.class.getName(), uri, Integer.toString(n))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("ready ")) {
            throw new IllegalStateException("clients failed: " + line);
        }
        if (n == 200) {
            p.getOutputStream().close();
            p.waitFor();
        }
        return p;
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Class name → {instances, bytes}, from the JVM's class histogram (which runs a full GC first). */
    private static Map<String, long[]> histogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {null}, new String[] {String[].class.getName()});
        Map<String, long[]> classes = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                classes.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return classes;
    }
}
