package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mixgate.config.ConfigLoader;
import io.mixgate.config.GatewayConfig;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mixgate command as operators run it: in a separate JVM (exit codes, what it prints), through
 * the distribution's bin/mixgate launcher.
 */
class OperatorCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a finished process printed (stdout and stderr together) and its exit code. */
    private record Run(int exit, String output) {
    }

    @Test
    void defaultsPrintsTheCommentedConfigAndItLoads() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertEquals(0, Main.printDefaults(new PrintStream(out, true, StandardCharsets.UTF_8)));

        String yaml = out.toString(StandardCharsets.UTF_8);
        assertEquals(Files.readString(Path.of("config/gateway.yaml")), yaml);
        assertTrue(yaml.contains("# mixgate node configuration."));
        GatewayConfig loaded = ConfigLoader.parse(yaml, "defaults", List.of());
        assertEquals(6790, loaded.servers().get(0).port());
    }

    @Test
    void checkPrintsEveryProblemAndExitsTwo(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("connmix.yaml");
        Files.writeString(bad, "logging: {level: loud}\nengine:\n  apiServer: {port: -1}\n");

        Run run = mixgate(dir, Map.of(), "check", "-f", bad.toString());

        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains(bad + ": logging.level: \"loud\""), run.output());
        assertTrue(run.output().contains(bad + ": apiServer.port: -1"), run.output());
        assertTrue(run.output().contains("2 problems"), run.output());
        assertEquals(0, mixgate(dir, Map.of(), "check", "-f", Path.of("config/gateway.yaml").toAbsolutePath().toString())
                .exit());
    }

    @Test
    void centerIsAnsweredWithRedis(@TempDir Path dir) throws Exception {
        Run run = mixgate(dir, Map.of(), "center", "-f", "conf/connmix.yaml");

        assertEquals(2, run.exit(), run.output());
        assertTrue(run.output().contains("mixgate's nodes find each other through Redis"), run.output());
        assertTrue(run.output().contains("redis.uri"), run.output());
    }

    @Test
    void aTakenWebSocketPortIsNamedInOneJsonLine(@TempDir Path dir) throws Exception {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run run = startNode(dir, "MIXGATE_SERVERS_0_PORT", held.getLocalPort());

            assertEquals(1, run.exit(), run.output());
            assertStartErrorInJson(run, "servers[0].port: " + held.getLocalPort() + " is already in use");
        }
    }

    @Test
    void aTakenApiPortIsNamedInOneJsonLine(@TempDir Path dir) throws Exception {
        try (ServerSocket held = new ServerSocket()) {
            held.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Run run = startNode(dir, "MIXGATE_APISERVER_PORT", held.getLocalPort());

            assertEquals(1, run.exit(), run.output());
            assertStartErrorInJson(run, "apiServer.port: " + held.getLocalPort() + " is already in use");
        }
    }

    @Test
    void aMissingEntryScriptIsNamedByKey(@TempDir Path dir) throws Exception {
        Run run = startNode(dir, "MIXGATE_SERVERS_0_ENTRY", "scripts/no-such-entry.lua");

        assertEquals(1, run.exit(), run.output());
        assertStartErrorInJson(run, "servers[0].entry: entry script scripts/no-such-entry.lua not found");
    }

    @Test
    void anUnreachableRedisIsNamedByKey(@TempDir Path dir) throws Exception {
        // a listener that never answers Redis's handshake: the connection times out after connectTimeout
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run run = startNode(dir, "MIXGATE_REDIS_URI", "redis://127.0.0.1:" + silent.getLocalPort());

            assertEquals(1, run.exit(), run.output());
            assertStartErrorInJson(run, "redis.uri: Redis unreachable at start");
        }
    }

    @Test
    void theLauncherRunsTheJarWithItsArguments(@TempDir Path dist) throws Exception {
        Path bin = Files.createDirectories(dist.resolve("bin"));
        Files.copy(Path.of("packaging/bin/mixgate"), bin.resolve("mixgate"), StandardCopyOption.REPLACE_EXISTING);
        writeLauncherJar(Files.createDirectories(dist.resolve("lib")).resolve("mixgate.jar"));

        ProcessBuilder builder = new ProcessBuilder("sh", "bin/mixgate", "defaults").directory(dist.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("MIXGATE_JAVA_OPTS", "-Xmx96m -Dmixgate.test.launcher=yes");
        Run defaults = finish(builder);
        Run opts = finish(new ProcessBuilder("sh", "-x", "bin/mixgate", "--help").directory(dist.toFile()));

        assertEquals(0, defaults.exit(), defaults.output());
        assertEquals(Files.readString(Path.of("config/gateway.yaml")), defaults.output());
        assertEquals(0, opts.exit(), opts.output());
        assertTrue(opts.output().contains("-XX:+UseParallelGC -Xms64m -Xmn32m"), opts.output());
        assertTrue(opts.output().contains("usage: mixgate"), opts.output());
    }

    private static void assertStartErrorInJson(Run run, String expected) throws IOException {
        assertFalse(run.output().contains("\tat "), "no stack trace:\n" + run.output());
        JsonNode error = null;
        for (String line : run.output().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode entry = JSON.readTree(line); // every line is JSON
            assertTrue(entry.path("timestamp").asLong() > 1_600_000_000_000L, line);
            if (entry.path("level").asText().equals("ERROR")) {
                error = entry;
            }
        }
        assertTrue(error != null, "an ERROR line in:\n" + run.output());
        String message = error.path("formattedMessage").asText();
        assertTrue(message.startsWith("cannot start: " + expected), message);
        assertTrue(error.path("throwable").isNull(), error.toString());
    }

    private static Run startNode(Path dir, String portVariable, int port) throws Exception {
        return startNode(dir, portVariable, Integer.toString(port));
    }

    private static Run startNode(Path dir, String variable, String value) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of("MIXGATE_LOGGING_FORMAT", "json",
                "MIXGATE_SERVERS_0_PORT", "0", "MIXGATE_SERVERS_0_BIND", "127.0.0.1",
                "MIXGATE_APISERVER_PORT", "0", "MIXGATE_APISERVER_BIND", "127.0.0.1",
                "MIXGATE_SERVERS_0_BYTECODEEXPIRES", "0s", "MIXGATE_REDIS_CONNECTTIMEOUT", "1s"));
        env.put(variable, value);
        return mixgate(Path.of("").toAbsolutePath(), env, "single", "-f", "config/gateway.yaml");
    }

    private static Run mixgate(Path workDir, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaBin()));
        if (Runtime.version().feature() >= 24) { // as bin/mixgate does: no JVM warnings amid the JSON lines
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        }
        command.addAll(List.of("-cp", classPath(), "io.mixgate.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("MIXGATE_"));
        builder.environment().putAll(env);
        return finish(builder);
    }

    private static Run finish(ProcessBuilder builder) throws Exception {
        builder.redirectErrorStream(true);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes(); // until the process closes its output
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("still running after 60 s: " + new String(output, StandardCharsets.UTF_8));
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    // Surefire may start this JVM from a manifest-only jar; its property holds the real class path.
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    // Stands in for the shaded jar (built after the tests): a manifest naming Main and the class path.
    private static void writeLauncherJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.mixgate.Main");
        StringBuilder classPath = new StringBuilder();
        for (String entry : classPath().split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                classPath.append(Path.of(entry).toAbsolutePath().toUri()).append(' ');
            }
        }
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath.toString().strip());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // the manifest is the whole jar
        }
    }
}
