package io.mixgate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} process on a free port, for tests: started, stopped and started
 * again on the same port to prove recovery. A JVM shutdown hook kills it should a test forget.
 * Needs {@code redis-server} (Redis 7) on the PATH; {@code ./mx test} installs it.
 */
final class RedisServer implements AutoCloseable {
    static final Duration START_WAIT = Duration.ofSeconds(20);

    final int port;
    private final List<String> extraArgs;
    /** For a sentinel: the port of the master it watches as {@code mymaster}; 0 for a plain server. */
    private int sentinelOf;
    private final Path dir;
    private Process process;
    private Thread hook;

    private RedisServer(int port, List<String> extraArgs) throws IOException {
        this.port = port;
        this.extraArgs = extraArgs;
        this.dir = Files.createTempDirectory("mixgate-redis-" + port + "-");
    }

    /** Starts a standalone Redis on a free port. */
    static RedisServer launch(String... extraArgs) throws Exception {
        RedisServer server = new RedisServer(freePort(), List.of(extraArgs));
        server.start();
        return server;
    }

    /** Starts a cluster-enabled Redis on a port whose bus port (+10000) is free too. */
    static RedisServer startClusterNode() throws Exception {
        for (int attempt = 0; ; attempt++) {
            int port = freePort();
            if (port <= 55535 && isFree(port + 10000)) {
                RedisServer server = new RedisServer(port, List.of("--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000"));
                server.start();
                return server;
            }
            if (attempt > 50) {
                throw new IllegalStateException("found no free port pair for a cluster node");
            }
        }
    }

    /** Starts a Sentinel on a free port watching the master on {@code masterPort} as {@code mymaster}. */
    static RedisServer sentinelFor(int masterPort) throws Exception {
        RedisServer server = new RedisServer(freePort(), List.of());
        server.sentinelOf = masterPort;
        server.start();
        return server;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** (Re)starts the server on its port and waits until it answers PING. */
    synchronized void start() throws Exception {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("redis-server"));
        if (sentinelOf != 0) {
            Path conf = dir.resolve("sentinel.conf");
            if (!Files.exists(conf)) {
                Files.writeString(conf, "sentinel monitor mymaster 127.0.0.1 " + sentinelOf + " 1\n"
                        + "sentinel down-after-milliseconds mymaster 1000\n"
                        + "sentinel failover-timeout mymaster 5000\n");
            }
            command.addAll(List.of(conf.toString(), "--sentinel"));
        }
        command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString()));
        if (sentinelOf == 0) {
            command.addAll(List.of("--save", "", "--appendonly", "no"));
        }
        command.addAll(extraArgs);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run redis-server (Redis 7 is needed on the PATH; "
                    + "./mx test installs it with apt-get): " + e.getMessage(), e);
        }
        Process started = process;
        hook = new Thread(started::destroyForcibly);
        Runtime.getRuntime().addShutdownHook(hook);
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (!"+PONG".equals(command("PING"))) {
            if (!started.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited: "
                        + Files.readString(dir.resolve("redis.log")));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server on port " + port + " did not answer within " + START_WAIT);
            }
            Thread.onSpinWait();
            TimeUnit.MILLISECONDS.sleep(20); // polling a process we do not control: no event to wait on
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL) and waits until it is gone. */
    synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running already
        }
        process = null;
    }

    /** Kills the server with SIGKILL (kill -9), as a crash: nothing is saved, the port is free again. */
    synchronized void kill() throws Exception {
        if (process == null) {
            return;
        }
        new ProcessBuilder("kill", "-KILL", Long.toString(process.pid())).start().waitFor();
        process.waitFor(10, TimeUnit.SECONDS);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running already
        }
        process = null;
    }

    /** Freezes the server (SIGSTOP), as a stalled Redis. */
    void pause() throws Exception {
        new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).start().waitFor();
    }

    /** Thaws a paused server (SIGCONT). */
    void resume() throws Exception {
        new ProcessBuilder("kill", "-CONT", Long.toString(process.pid())).start().waitFor();
    }

    /**
     * Sends one inline command and returns the first reply line, or null when the server does
     * not answer. Enough for PING and integer replies.
     */
    String command(String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Subscribers of {@code channel} on this server: {@code PUBSUB NUMSUB} (or {@code SHARDNUMSUB}
     * when {@code sharded}); -1 when the server does not answer.
     */
    long subscribers(String channel, boolean sharded) {
        String reply = command("PUBSUB " + (sharded ? "SHARDNUMSUB " : "NUMSUB ") + channel, ':');
        return reply == null ? -1 : Long.parseLong(reply.substring(1));
    }

    /** The text of a bulk-string reply (such as CLUSTER INFO's), or null. */
    String bulk(String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            StringBuilder header = new StringBuilder();
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                if (b != '\r') {
                    header.append((char) b);
                }
            }
            if (header.isEmpty() || header.charAt(0) != '$') {
                return null;
            }
            return new String(in.readNBytes(Integer.parseInt(header.substring(1))), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** The first reply line that starts with {@code marker}, or null. */
    private String command(String inline, char marker) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isEmpty() && line.charAt(0) == marker) {
                    return line;
                }
                if (!line.isEmpty() && line.charAt(0) == '-') {
                    return null;
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Stops the server and deletes its working directory. */
    @Override
    public void close() throws InterruptedException {
        stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
