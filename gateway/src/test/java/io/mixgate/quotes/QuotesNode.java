package io.mixgate.quotes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mixgate.Gateway;
import io.mixgate.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real node running the shipped example config {@code scripts/examples/quotes/gateway.yaml} on
 * free loopback ports, its price source pointed at {@code source}, plus a JSON WebSocket client
 * for the example's protocol.
 */
final class QuotesNode implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final Gateway gateway;

    private QuotesNode(Gateway gateway) {
        this.gateway = gateway;
    }

    static QuotesNode start(FakePriceSource source, String... overrides) throws Exception {
        List<String> all = new ArrayList<>(List.of("servers[0].port=0", "apiServer.port=0",
                "services[0].options.source_url=" + source.url(), "services[0].byteCodeExpires=0s",
                "servers[0].byteCodeExpires=0s", "servers[0].rateLimit.messagesPerSecond=0"));
        all.addAll(Arrays.asList(overrides));
        return new QuotesNode(Gateway.start(ConfigLoader.load(Path.of("scripts/examples/quotes/gateway.yaml"), all),
                Clock.systemUTC()));
    }

    URI ws() {
        return URI.create("ws://127.0.0.1:" + gateway.serverPort(0) + "/quotes");
    }

    URI api(String path) {
        return URI.create("http://127.0.0.1:" + gateway.apiPort() + path);
    }

    Client client() {
        return new Client(ws());
    }

    /** Live timers of the service "quotes" (read on its lane). */
    long serviceTimers() {
        return gateway.services().get("quotes").state().join()[1];
    }

    @Override
    public void close() {
        gateway.close();
    }

    /** The JDK's WebSocket client; JSON messages queue up for the test to take. */
    static final class Client implements AutoCloseable {
        private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        private final java.util.ArrayDeque<JsonNode> early = new java.util.ArrayDeque<>(); // pushes that overtook an answer
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final WebSocket socket;

        Client(URI uri) {
            socket = HTTP.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        try {
                            messages.add(JSON.readTree(text.toString()));
                        } catch (Exception e) {
                            messages.add(JSON.createObjectNode().put("notJson", text.toString()));
                        }
                        text.setLength(0);
                    }
                    ws.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                    closed.complete(code);
                    return null;
                }
            }).join();
        }

        Client send(String text) {
            socket.sendText(text, true).join();
            return this;
        }

        JsonNode next() throws InterruptedException {
            JsonNode m = early.isEmpty() ? messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS) : early.poll();
            if (m == null) {
                throw new AssertionError("no message within " + WAIT);
            }
            return m;
        }

        /** The next message that matches, skipping (and returning in {@code skipped}) the others. */
        JsonNode next(String what, Predicate<JsonNode> wanted, List<JsonNode> skipped) throws InterruptedException {
            long end = System.nanoTime() + WAIT.toNanos();
            while (true) {
                JsonNode m = early.isEmpty() ? messages.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)
                        : early.poll();
                if (m == null) {
                    throw new AssertionError("no " + what + " within " + WAIT + "; skipped " + skipped);
                }
                if (wanted.test(m)) {
                    return m;
                }
                skipped.add(m);
            }
        }

        JsonNode next(String what, Predicate<JsonNode> wanted) throws InterruptedException {
            return next(what, wanted, new ArrayList<>());
        }

        /**
         * Sends {@code text} and returns the node's answer: the next message that is not a channel push.
         * A push may overtake the answer (a subscription starts before the script answers, and the
         * first poll may be that quick): such pushes stay queued for the next {@link #next} calls.
         */
        JsonNode ask(String text) throws InterruptedException {
            send(text);
            List<JsonNode> pushes = new ArrayList<>();
            while (true) {
                JsonNode m = next();
                if (!isPush(m)) {
                    early.addAll(pushes);
                    return m;
                }
                pushes.add(m);
            }
        }

        /** A price or status pushed to subscribers, as opposed to an answer ({@code current}'s has "live" or a null price). */
        static boolean isPush(JsonNode m) {
            return m.has("channel") && (m.has("status") || m.hasNonNull("price") && !m.has("live"));
        }

        /** Closes from this side and waits for the server's close. */
        void closeGracefully() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
            closed.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
            socket.abort();
        }

        @Override
        public void close() {
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            }
            socket.abort();
        }
    }

    interface Check {
        boolean holds() throws Exception;
    }

    /** Waits for {@code check} with a deadline (a short pause between checks, not the synchronisation). */
    static void until(String what, Check check) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
        }
    }

    static Predicate<JsonNode> price(String pair) {
        return m -> m.path("channel").asText().equals(pair) && m.has("price");
    }

    static Predicate<JsonNode> status(String pair, String status) {
        return m -> m.path("channel").asText().equals(pair) && m.path("status").asText().equals(status);
    }

    static Predicate<JsonNode> rfq(String event) {
        return m -> m.path("rfq").path("event").asText().equals(event);
    }

}
