package io.mixgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real headless Chromium (Debian's {@code chromium}; {@code .ci/run} installs it) driven over
 * the DevTools protocol with the JDK's own WebSocket client: open a page, run JavaScript in it
 * and get the result. Each instance is its own browser process with an empty profile, started
 * with the flags that keep it off the network (this machine's network is closed).
 *
 * <p>Not thread-safe: one test thread drives it.
 */
public final class Chromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket page;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<JsonNode>> events = new ConcurrentHashMap<>();

    private Chromium(Process process, Path profile, WebSocket page) {
        this.process = process;
        this.profile = profile;
        this.page = page;
    }

    /** Starts a browser showing {@code url}. */
    public static Chromium open(String url) throws Exception {
        Path profile = Files.createTempDirectory("mixgate-chromium-");
        Process process = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--remote-debugging-port=0", "--user-data-dir=" + profile, url)
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            Conditions.awaitTrue(() -> Files.isRegularFile(portFile) && lines(portFile) >= 2,
                    "Chromium writes its DevTools port (log: " + profile.resolve("chromium.log") + ")");
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            HttpClient http = HttpClient.newHttpClient();
            String pageSocket = null;
            long end = System.nanoTime() + Conditions.DEADLINE.toNanos();
            while (pageSocket == null && System.nanoTime() < end) {
                JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode t : targets) {
                    if (t.path("type").asText().equals("page")) {
                        pageSocket = t.path("webSocketDebuggerUrl").asText();
                    }
                }
            }
            if (pageSocket == null) {
                throw new IllegalStateException("Chromium shows no page");
            }
            Chromium[] self = new Chromium[1];
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        self[0].answer(text.toString());
                        text.setLength(0);
                    }
                    socket.request(1);
                    return null;
                }
            }).get(20, TimeUnit.SECONDS);
            self[0] = new Chromium(process, profile, ws);
            return self[0];
        } catch (Exception | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static long lines(Path file) {
        try (Stream<String> s = Files.lines(file)) {
            return s.count();
        } catch (IOException e) {
            return 0;
        }
    }

    private void answer(String message) {
        try {
            JsonNode reply = JSON.readTree(message);
            CompletableFuture<JsonNode> waiting = reply.has("id") ? pending.remove(reply.get("id").asInt())
                    : reply.has("method") ? events.remove(reply.get("method").asText()) : null;
            if (waiting != null) {
                waiting.complete(reply);
            }
        } catch (IOException e) {
            pending.values().forEach(f -> f.completeExceptionally(e));
        }
    }

    /** Sends one DevTools command and returns its {@code result}; throws with the protocol's error. */
    public JsonNode command(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode call = JSON.createObjectNode().put("id", id).put("method", method);
        call.set("params", params);
        page.sendText(JSON.writeValueAsString(call), true).get(20, TimeUnit.SECONDS);
        JsonNode answer = reply.get(Conditions.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new IllegalStateException(method + ": " + answer.get("error"));
        }
        return answer.get("result");
    }

    /**
     * Evaluates {@code expression} in the page, waits for it if it is a promise, and returns its
     * value as JSON; a thrown error or rejected promise fails with its text.
     */
    public JsonNode evaluate(String expression) throws Exception {
        JsonNode result = command("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("awaitPromise", true).put("returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("in the page: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Loads {@code url} in the page and waits for its load event (DevTools' {@code Page.loadEventFired}). */
    public void navigate(String url) throws Exception {
        command("Page.enable", JSON.createObjectNode());
        CompletableFuture<JsonNode> loaded = new CompletableFuture<>();
        events.put("Page.loadEventFired", loaded);
        JsonNode result = command("Page.navigate", JSON.createObjectNode().put("url", url));
        if (result.has("errorText")) {
            throw new IllegalStateException("Page.navigate " + url + ": " + result.get("errorText"));
        }
        loaded.get(Conditions.DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        page.abort();
        // Chromium runs helper processes (zygote, renderer, GPU/network services) that write into the
        // profile: end them all before deleting it
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
        deleteQuietly(profile);
    }

    /** Deletes the profile folder; a file that is already gone (Chromium's own clean-up) is not an error. */
    private static void deleteQuietly(Path folder) throws IOException {
        List<Path> paths;
        try (Stream<Path> files = Files.walk(folder)) {
            paths = files.sorted(Comparator.reverseOrder()).toList();
        } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
            deleteQuietlyAgain(folder);
            return;
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }

    /** Once more after a file vanished during the walk. */
    private static void deleteQuietlyAgain(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(path);
                } catch (java.nio.file.DirectoryNotEmptyException e) {
                    // a late file: the temp folder stays; the test's outcome does not depend on it
                }
            }
        } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
            // vanished again: leave the rest to the OS's temp clean-up
        }
    }
}
