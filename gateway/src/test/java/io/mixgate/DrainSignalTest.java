package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM drains a real node (a child JVM, a real signal, real WebSocket clients): /health turns
 * 503 before any client is closed, the listener closes, every client gets 1012 "service restart",
 * the closes are spread over drain.window and none comes before drain.delay, and the node exits 0
 * within drain.timeout. A second SIGTERM exits at once.
 */
class DrainSignalTest {
    private static final Pattern WS_PORT = Pattern.compile("websocket server listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern API_PORT = Pattern.compile("API server listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final int CLIENTS = 20;
    private static final Duration DELAY = Duration.ofMillis(1500);
    private static final Duration WINDOW = Duration.ofSeconds(4);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;
    private Process node;
    private final List<WsClient> clients = new ArrayList<>();
    private int wsPort;
    private int apiPort;

    @AfterEach
    void stop() throws Exception {
        for (WsClient client : clients) {
            client.close();
        }
        if (node != null && node.isAlive()) {
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void sigtermTurnsHealthRedThenClosesEveryClientWith1012SpreadOverTheWindowAndExitsZero() throws Exception {
        startNode();
        ConcurrentHashMap<Integer, Long> closedAt = new ConcurrentHashMap<>();
        ConcurrentHashMap<Integer, WsClient.Closed> closes = new ConcurrentHashMap<>();
        for (int i = 0; i < CLIENTS; i++) {
            int index = i;
            WsClient client = WsClient.connect(URI.create("ws://127.0.0.1:" + wsPort + "/exchange-stream"));
            clients.add(client);
            client.closed.thenAccept(how -> {
                closedAt.put(index, System.nanoTime());
                closes.put(index, how);
            });
        }
        assertEquals(200, health());

        long signalled = System.nanoTime();
        signal();
        Await.until("/health answers 503", Duration.ofSeconds(5), this::health, status -> status == 503);
        long red = System.nanoTime();
        assertTrue(closedAt.isEmpty(), "a client was closed before /health was seen red");
        String body = HTTP.send(get("/health"), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(body.contains("\"detail\":\"draining\""), body);
        Await.until("the client listener closed", Duration.ofSeconds(5), this::wsPortRefuses, refused -> refused);

        assertTrue(node.waitFor(TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS), "the node exits within drain.timeout");
        long exited = System.nanoTime();
        assertEquals(0, node.exitValue(), log());
        assertTrue(exited - signalled < TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(2),
                "exited " + TimeUnit.NANOSECONDS.toMillis(exited - signalled) + " ms after the signal");

        Await.until("every client saw its close", Duration.ofSeconds(5), closes::size, n -> n == CLIENTS);
        for (WsClient.Closed how : closes.values()) {
            assertEquals(1012, how.code(), "close " + how);
            assertEquals("service restart", how.reason());
        }
        long first = closedAt.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = closedAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(first > red, "the first close came after /health was red");
        assertTrue(first - signalled >= DELAY.toNanos(), "first close "
                + TimeUnit.NANOSECONDS.toMillis(first - signalled) + " ms after the signal, before drain.delay " + DELAY);
        assertTrue(last - first >= WINDOW.toNanos() / 2, "closes spread over only "
                + TimeUnit.NANOSECONDS.toMillis(last - first) + " ms of a " + WINDOW + " window");
        assertTrue(last - signalled <= DELAY.plus(WINDOW).plusSeconds(2).toNanos(), "last close "
                + TimeUnit.NANOSECONDS.toMillis(last - signalled) + " ms after the signal");
        assertTrue(log().contains("drained in"), log());
    }

    @Test
    void aSecondSigtermExitsAtOnce() throws Exception {
        startNode();
        WsClient client = WsClient.connect(URI.create("ws://127.0.0.1:" + wsPort + "/exchange-stream"));
        clients.add(client);

        signal();
        Await.until("/health answers 503", Duration.ofSeconds(5), this::health, status -> status == 503);
        long second = System.nanoTime();
        signal();

        assertTrue(node.waitFor(3, TimeUnit.SECONDS), "the node exits at once on the second SIGTERM");
        assertTrue(System.nanoTime() - second < DELAY.toNanos(), "exited before it would have closed any client");
        assertEquals(DrainSignal.EXIT_FORCED, node.exitValue(), log());
        WsClient.Closed how = client.closed.get(5, TimeUnit.SECONDS);
        assertFalse(how.code() == 1012, "not drained: " + how);
    }

    private void startNode() throws Exception {
        Path log = dir.resolve("node.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        node = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.mixgate.Main",
                "--config", "config/gateway.yaml", "--set", "servers[0].port=0", "--set", "apiServer.port=0",
                "--set", "servers[0].bind=127.0.0.1", "--set", "apiServer.bind=127.0.0.1",
                "--set", "servers[0].byteCodeExpires=0s",
                "--set", "drain.delay=" + DELAY.toMillis() + "ms", "--set", "drain.window=" + WINDOW.toSeconds() + "s",
                "--set", "drain.timeout=" + TIMEOUT.toSeconds() + "s")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        wsPort = Integer.parseInt(Await.until("the node's WebSocket port in its log", Duration.ofSeconds(30),
                () -> find(WS_PORT), port -> port != null));
        apiPort = Integer.parseInt(Await.until("the node's API port in its log", Duration.ofSeconds(30),
                () -> find(API_PORT), port -> port != null));
        assertNotNull(node.toHandle());
    }

    private void signal() throws Exception {
        Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(node.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path)).timeout(Duration.ofSeconds(2)).build();
    }

    private int health() throws Exception {
        return HTTP.send(get("/health"), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private boolean wsPortRefuses() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", wsPort), 1_000);
            return false;
        } catch (ConnectException refused) {
            return true;
        } catch (IOException other) {
            return false;
        }
    }

    private String find(Pattern pattern) throws IOException {
        Matcher m = pattern.matcher(log());
        return m.find() ? m.group(1) : null;
    }

    private String log() throws IOException {
        return Files.readString(dir.resolve("node.log"));
    }
}
