package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (the JDK's) that queues what it receives, for tests to wait on. */
final class WsClient implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A received message: text, or binary as bytes. */
    record Message(String text, byte[] binary) {
    }

    /** How the server closed the connection. */
    record Closed(int code, String reason) {
    }

    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
    final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private WsClient(URI uri, HttpClient http) {
        this.socket = http.newWebSocketBuilder().connectTimeout(WAIT).buildAsync(uri, new Listener()).join();
    }

    static WsClient connect(URI uri) {
        return new WsClient(uri, HTTP);
    }

    /** Connects through {@code http}, e.g. one that trusts a test certificate for {@code wss://}. */
    static WsClient connect(URI uri, HttpClient http) {
        return new WsClient(uri, http);
    }

    WsClient send(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    WsClient sendFragment(String text, boolean last) {
        socket.sendText(text, last).join();
        return this;
    }

    WsClient sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).join();
        return this;
    }

    ByteBuffer ping(byte[] payload) throws InterruptedException {
        socket.sendPing(ByteBuffer.wrap(payload)).join();
        ByteBuffer pong = pongs.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(pong, "no pong within " + WAIT);
        return pong;
    }

    /**
     * Sends a ping without waiting for its pong; false once the connection can no longer send
     * (closed by the server).
     */
    boolean pingNoWait(byte[] payload) {
        try {
            socket.sendPing(ByteBuffer.wrap(payload)).join();
            return true;
        } catch (java.util.concurrent.CompletionException | IllegalStateException closedMeanwhile) {
            return false;
        }
    }

    /** Pongs received and not yet taken by {@link #ping}. */
    int pongCount() {
        return pongs.size();
    }

    /** Sends a text message; false once the connection can no longer send (closed by the server). */
    boolean trySend(String text) {
        try {
            socket.sendText(text, true).join();
            return true;
        } catch (java.util.concurrent.CompletionException | IllegalStateException closedMeanwhile) {
            return false;
        }
    }

    /** The next message, failing the test if none comes within {@link #WAIT}. */
    Message next() throws InterruptedException {
        Message m = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (m == null) {
            fail("no message within " + WAIT + (closed.isDone() ? "; connection closed: " + closed.join() : ""));
        }
        return m;
    }

    String nextText() throws InterruptedException {
        Message m = next();
        assertNotNull(m.text(), "expected a text message, got binary");
        return m.text();
    }

    /** Sends {@code request} and returns the next text message. */
    String ask(String request) throws InterruptedException {
        send(request);
        return nextText();
    }

    /** The next message within {@code timeout}, or null. */
    Message pollFor(long timeout, TimeUnit unit) throws InterruptedException {
        return messages.poll(timeout, unit);
    }

    /** Whatever has been received and not yet taken (does not wait). */
    Message poll() {
        return messages.poll();
    }

    Closed awaitClose() {
        return closed.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /**
     * Sends a close frame and waits for the server's answer, so that everything the server wrote
     * before its close frame has been received (and can still be taken with {@link #poll}).
     */
    Closed closeGracefully() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        Closed closedBy = awaitClose();
        socket.abort();
        return closedBy;
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(new Message(text.toString(), null));
                text.setLength(0);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.writeBytes(chunk);
            if (last) {
                messages.add(new Message(null, binary.toByteArray()));
                binary = new java.io.ByteArrayOutputStream();
            }
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            pongs.add(message);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(-1, String.valueOf(error)));
        }
    }

    static String utf8(ByteBuffer b) {
        return StandardCharsets.UTF_8.decode(b).toString();
    }
}
