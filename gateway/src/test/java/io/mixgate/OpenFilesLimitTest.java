package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node at its open-files limit (a child JVM started under {@code ulimit -n}): connections it
 * already has keep being served, and the failing accepts are logged once, without stack traces.
 */
class OpenFilesLimitTest {
    private static final int OPEN_FILES = 300;
    private static final Pattern WS_PORT = Pattern.compile("websocket server listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern API_PORT = Pattern.compile("API server listening on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    @Test
    void aNodeOutOfFileDescriptorsStillAnswersHealthOnItsConnectionsAndLogsOnce() throws Exception {
        Path log = dir.resolve("node.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process node = new ProcessBuilder("bash", "-c", "ulimit -n " + OPEN_FILES + " && exec \"$@\"", "bash",
                java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.mixgate.Main",
                "--config", "config/gateway.yaml", "--set", "servers[0].port=0", "--set", "apiServer.port=0",
                "--set", "servers[0].bind=127.0.0.1", "--set", "apiServer.bind=127.0.0.1",
                "--set", "servers[0].byteCodeExpires=0s")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<Socket> clients = new ArrayList<>();
        try {
            int wsPort = Integer.parseInt(Await.until("the node's WebSocket port in its log", Duration.ofSeconds(30),
                    () -> find(WS_PORT, log), port -> port != null));
            int apiPort = Integer.parseInt(Await.until("the node's API port in its log", Duration.ofSeconds(30),
                    () -> find(API_PORT, log), port -> port != null));
            try (Socket probe = new Socket("127.0.0.1", apiPort)) {
                probe.setSoTimeout(5_000);
                assertEquals("HTTP/1.1 200 OK", health(probe));

                // more clients than the node has descriptors: the last ones wait in the listen backlog
                for (int i = 0; i < OPEN_FILES + 50; i++) {
                    Socket client = new Socket();
                    clients.add(client);
                    client.connect(new InetSocketAddress("127.0.0.1", wsPort), 5_000);
                    client.getOutputStream().write((RawUpgrade.request("/exchange-stream", "127.0.0.1") + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                }
                Await.until("the node reports that it cannot accept", Duration.ofSeconds(20),
                        () -> Files.readString(log), text -> text.contains("cannot accept connections"));

                long started = System.nanoTime();
                assertEquals("HTTP/1.1 200 OK", health(probe), "health on a connection the node already has");
                long tookMillis = (System.nanoTime() - started) / 1_000_000;
                assertTrue(tookMillis < 1_000, "health took " + tookMillis + " ms");

                // Netty retries the accept every second: three seconds of failures, still one line
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (System.nanoTime() < until) {
                    assertEquals("HTTP/1.1 200 OK", health(probe));
                    TimeUnit.MILLISECONDS.sleep(250); // the probe's pace, not synchronisation
                }
                String text = Files.readString(log);
                assertEquals(1, count(text, "cannot accept connections"), text);
                assertEquals(0, count(text, "reached at the tail of the pipeline"), text);
                assertEquals(0, count(text, "NativeIoException"), "a stack trace per failed accept:\n" + text);
            }
        } finally {
            for (Socket client : clients) {
                client.close();
            }
            node.destroy();
            if (!node.waitFor(10, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }

    private static String health(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        String status = RawUpgrade.statusLine(in);
        int length = 0;
        for (String line = RawUpgrade.statusLine(in); !line.isEmpty(); line = RawUpgrade.statusLine(in)) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        in.readNBytes(length);
        return status;
    }

    private static String find(Pattern pattern, Path log) throws IOException {
        Matcher m = pattern.matcher(Files.exists(log) ? Files.readString(log) : "");
        return m.find() ? m.group(1) : null;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
