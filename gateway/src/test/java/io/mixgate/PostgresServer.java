package io.mixgate;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL (Debian's postgresql package: initdb, pg_ctl) on a free port with a temp data
 * directory, for tests: started, stopped and started again on the same port. PostgreSQL refuses
 * to run as root, so as root it runs as the {@code postgres} user ({@code runuser}). Anything
 * that prevents the start fails the test loudly; {@code ./mx test} installs the package.
 */
final class PostgresServer implements AutoCloseable {
    final int port;
    private final Path dir;
    private final Path data;
    private final Path bin;
    private final boolean asPostgres;
    private Thread hook;
    private boolean running;

    private PostgresServer(int port) throws Exception {
        this.port = port;
        this.bin = findBin();
        this.asPostgres = "root".equals(System.getProperty("user.name"));
        this.dir = Files.createTempDirectory("mixgate-pg-" + port + "-");
        this.data = dir.resolve("data");
        if (asPostgres) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "mixgate", "-A", "trust",
                "-E", "UTF8", "--no-sync"));
    }

    /** Initialises a cluster and starts it on a free port. */
    static PostgresServer launch() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PostgresServer server = new PostgresServer(port);
        server.start();
        return server;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** Starts the server and waits until it accepts connections (pg_ctl -w). */
    synchronized void start() throws Exception {
        if (running) {
            return;
        }
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
                "start"));
        running = true;
        if (hook == null) {
            hook = new Thread(() -> {
                try {
                    stop();
                } catch (Exception ignored) {
                    // the JVM is exiting
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    /** Stops the server (fast shutdown) and waits until it is gone. */
    synchronized void stop() throws Exception {
        if (!running) {
            return;
        }
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop"));
        running = false;
    }

    @Override
    public void close() throws Exception {
        stop();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void run(List<String> command) throws Exception {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(Arrays.asList("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path out = Files.createTempFile("mixgate-pg-cmd-", ".log");
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish within 90 s");
            }
            if (p.exitValue() != 0) {
                String log = Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : "";
                throw new IllegalStateException(String.join(" ", full) + " failed (" + p.exitValue() + "): "
                        + Files.readString(out) + log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + full.getFirst() + " (PostgreSQL is needed: apt-get install "
                    + "postgresql; ./mx test installs it): " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Debian keeps the server programs under /usr/lib/postgresql/<version>/bin; otherwise the PATH's. */
    private static Path findBin() throws IOException {
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> versions = Files.list(lib)) {
                Path best = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(v -> {
                            try {
                                return Integer.parseInt(v.getFileName().toString());
                            } catch (NumberFormatException e) {
                                return 0;
                            }
                        })).orElse(null);
                if (best != null) {
                    return best.resolve("bin");
                }
            }
        }
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!p.isEmpty() && Files.isExecutable(Path.of(p, "initdb"))) {
                return Path.of(p);
            }
        }
        throw new IllegalStateException("PostgreSQL's initdb is not installed (apt-get install postgresql; "
                + "./mx test installs it)");
    }
}
