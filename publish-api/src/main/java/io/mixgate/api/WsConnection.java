package io.mixgate.api;

import io.mixgate.core.RateLimitedLog;
import io.mixgate.core.PresenceFeed;
import io.mixgate.core.QueueOperations;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code /ws/v1} connection: answers each request when its stage completes, in whatever order
 * they complete (the id tells them apart), so a slow {@code conn.call} never holds up a publish
 * behind it.
 *
 * <p>Flow control: a request is in flight from the moment it is read until its reply is written
 * to the socket. At {@code maxInFlight} in flight the connection stops reading (Undertow's
 * {@code suspendReceives}), so the client's further requests wait in TCP buffers rather than in
 * memory here; it reads again as soon as one reply has been written. Event frames
 * ({@code queue.pop}, presence events) are not counted: the queues pace them through their delivery stages.
 *
 * <p>Thread safety: every write, the in-flight count and receive suspension happen on the
 * channel's I/O thread; completions and queue deliveries arriving on other threads are handed to
 * it, so writes may be started from any thread.
 */
final class WsConnection implements WsMessageReader.Listener {

    private static final Logger log = LoggerFactory.getLogger(WsConnection.class);
    /** Repeating warnings: at most a few lines a minute per call site, then a count (one budget per call site, like the logger). */
    private static final RateLimitedLog unexpected = new RateLimitedLog(log::error);
    private static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "pong".getBytes(StandardCharsets.US_ASCII);

    private final long id;
    private final WebSocketChannel channel;
    private final ObjectMapper mapper;
    private final WsEnvelopes envelopes;
    private final WsMethods methods;
    private final WsQueues queues;
    private final WsPresence presence;
    private final int maxMessageSize;
    private final int maxInFlight;
    /** Event writes not yet confirmed; failed when the connection closes before they are. */
    private final Set<CompletableFuture<Void>> pendingEvents = ConcurrentHashMap.newKeySet();
    private int inFlight; // I/O thread only
    private boolean suspended; // I/O thread only
    private volatile boolean closed;

    WsConnection(long id, WebSocketChannel channel, ObjectMapper mapper, WsEnvelopes envelopes, WsMethods methods,
                 QueueOperations queueOperations, PresenceFeed presenceFeed, WsPresence.Limits presenceLimits,
                 ApiReplies replies, int maxMessageSize, int maxInFlight) {
        this.id = id;
        this.channel = channel;
        this.mapper = mapper;
        this.envelopes = envelopes;
        this.methods = methods;
        this.queues = new WsQueues(queueOperations, replies, envelopes, this::writeEvent);
        this.presence = new WsPresence(presenceFeed, presenceLimits, replies, envelopes, this::writeEvent);
        this.maxMessageSize = maxMessageSize;
        this.maxInFlight = maxInFlight;
    }

    /** Starts reading; called once, on the I/O thread, right after the upgrade. */
    void start() {
        log.debug("/ws/v1 connection {} opened from {}", id, channel.getPeerAddress());
        channel.addCloseTask(ch -> onClosed());
        channel.getReceiveSetter().set(new WsMessageReader(maxMessageSize, this));
        channel.resumeReceives();
    }

    @Override
    public void onText(byte[] message) {
        if (Arrays.equals(message, PING)) {
            answer(CompletableFuture.completedFuture(PONG));
            return;
        }
        WsRequest request;
        try {
            request = WsRequest.parse(mapper, message);
        } catch (InvalidArgumentException e) {
            onRefused(e.getMessage());
            return;
        }
        CompletionStage<WsAnswer> stage;
        try {
            stage = methods.answer(request, queues, presence);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        answer(stage.handle((answer, failure) -> envelopes.reply(request, failure == null ? answer : bug(failure))));
    }

    @Override
    public void onRefused(String reason) {
        answer(CompletableFuture.completedFuture(
                envelopes.reply(null, WsAnswer.error(ApiError.INVALID_ARGUMENT, reason))));
    }

    /** Counts a request in flight and writes its reply frame once {@code frame} completes. I/O thread. */
    private void answer(CompletionStage<byte[]> frame) {
        inFlight++;
        if (inFlight >= maxInFlight && !suspended) {
            suspended = true;
            channel.suspendReceives();
        }
        frame.whenComplete((bytes, failure) -> onIoThread(() -> {
            byte[] reply = failure == null ? bytes : envelopes.reply(null, bug(failure));
            write(reply, new WebSocketCallback<>() {
                @Override
                public void complete(WebSocketChannel ch, Void context) {
                    replied();
                }

                @Override
                public void onError(WebSocketChannel ch, Void context, Throwable error) {
                    replied();
                }
            });
        }, () -> { })); // the server is stopping: the connection goes with it
    }

    /** One reply is written (or cannot be): reads again when it was paused. I/O thread. */
    private void replied() {
        inFlight--;
        if (suspended && inFlight < maxInFlight) {
            suspended = false;
            channel.resumeReceives();
        }
    }

    /** The {@link WsQueues} writer: completes once the frame is on the socket. Any thread. */
    private CompletionStage<Void> writeEvent(byte[] frame) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        pendingEvents.add(written);
        written.whenComplete((v, e) -> pendingEvents.remove(written));
        if (closed) {
            written.completeExceptionally(new IllegalStateException("the /ws/v1 connection is closed"));
            return written;
        }
        onIoThread(() -> write(frame, new WebSocketCallback<>() {
            @Override
            public void complete(WebSocketChannel ch, Void context) {
                written.complete(null);
            }

            @Override
            public void onError(WebSocketChannel ch, Void context, Throwable error) {
                written.completeExceptionally(error);
            }
        }), () -> written.completeExceptionally(new IllegalStateException("the API server is stopping")));
        return written;
    }

    private void write(byte[] frame, WebSocketCallback<Void> callback) {
        if (closed || !channel.isOpen()) {
            callback.onError(channel, null, new IllegalStateException("the /ws/v1 connection is closed"));
            return;
        }
        WebSockets.sendText(ByteBuffer.wrap(frame), channel, callback);
    }

    private void onIoThread(Runnable task, Runnable rejected) {
        if (Thread.currentThread() == channel.getIoThread()) {
            task.run();
            return;
        }
        try {
            channel.getIoThread().execute(task);
        } catch (RejectedExecutionException stopping) {
            rejected.run();
        }
    }

    private void onClosed() {
        if (closed) {
            return;
        }
        closed = true;
        queues.close();
        presence.close();
        IllegalStateException gone = new IllegalStateException("the /ws/v1 connection closed before the event was written");
        pendingEvents.forEach(written -> written.completeExceptionally(gone));
        log.debug("/ws/v1 connection {} from {} closed", id, channel.getPeerAddress());
    }

    private WsAnswer bug(Throwable failure) {
        unexpected.log("Unexpected failure answering a /ws/v1 request on connection {}", id, failure);
        return WsAnswer.error(ApiError.INTERNAL, "internal error: " + MeshReply.unwrap(failure));
    }
}
