package io.mixgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (the JDK's) for {@code /ws/v1}: sends text, collects whole text messages in order. */
final class WsClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closedWith = new CompletableFuture<>();
    final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    WsClient(URI uri) throws Exception {
        socket = http.newWebSocketBuilder().connectTimeout(WAIT).buildAsync(uri, new Collector())
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends one text message and waits until the JDK handed it to the socket. */
    void send(String text) throws Exception {
        socket.sendText(text, true).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    void sendBinary(byte[] data) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(data), true).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    void sendPing(String payload) throws Exception {
        socket.sendPing(ByteBuffer.wrap(payload.getBytes())).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next text message, waiting up to {@link #WAIT}; fails the test when none came. */
    String next() throws InterruptedException {
        String message = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no message from /ws/v1 within " + WAIT);
        }
        return message;
    }

    JsonNode nextJson() throws Exception {
        return MAPPER.readTree(next());
    }

    /** Sends a request and returns the next message (for tests with one request in flight). */
    String call(String request) throws Exception {
        send(request);
        return next();
    }

    /** Sends a request and parses the next message. */
    JsonNode nextJsonAfter(String request) throws Exception {
        return MAPPER.readTree(call(request));
    }

    /** Asserts that no message arrives within {@code window}: a bounded check for absence, not a synchronisation. */
    void assertNothingWithin(Duration window) throws InterruptedException {
        String message = received.poll(window.toMillis(), TimeUnit.MILLISECONDS);
        if (message != null) {
            throw new AssertionError("unexpected message: " + message);
        }
    }

    /** Drops the TCP connection without a close handshake. */
    void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        socket.abort();
        http.close();
    }

    private final class Collector implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            pongs.add(message);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closedWith.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closedWith.completeExceptionally(error);
        }
    }
}
