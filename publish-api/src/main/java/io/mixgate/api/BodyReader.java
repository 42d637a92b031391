package io.mixgate.api;

import io.undertow.io.Receiver;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a whole request body without blocking the I/O thread, refusing bodies over the limit
 * with HTTP 413 ({@link ApiError#INVALID_ARGUMENT}). A body not complete within {@code timeout}
 * of the start of reading ends its connection without an answer (the request is incomplete, so
 * nothing was done): a client trickling its body cannot hold a connection, nor the memory of
 * what it has sent so far, for longer.
 *
 * <p>Undertow calls the callback on the exchange's I/O thread, inside a handler call, so the
 * callback may answer at once, or {@code dispatch} the exchange to answer later (see
 * {@link MeshReply}). A callback that throws gets a 500 reply rather than an empty one.
 *
 * <p>Thread safety: immutable; one instance serves every request.
 */
final class BodyReader {

    private static final Logger log = LoggerFactory.getLogger(BodyReader.class);

    /** What to do with a complete body. The array is the callback's to keep. */
    @FunctionalInterface
    interface BodyCallback {
        void onBody(HttpServerExchange exchange, byte[] body) throws Exception;
    }

    private final int maxBodySize;
    private final long timeoutMillis;
    private final ApiReplies replies;

    BodyReader(int maxBodySize, Duration timeout, ApiReplies replies) {
        this.maxBodySize = maxBodySize;
        this.timeoutMillis = timeout.toMillis();
        this.replies = replies;
    }

    void read(HttpServerExchange exchange, BodyCallback callback) {
        // Most bodies arrive with their headers and are handed over before receiveFullBytes returns:
        // the deadline timer is scheduled only for a body still missing then (a timer per request
        // cost ~1 us of the I/O thread's time). Everything below runs on the exchange's I/O thread.
        PendingBody pending = new PendingBody();
        Receiver receiver = exchange.getRequestReceiver();
        receiver.setMaxBufferSize(maxBodySize);
        receiver.receiveFullBytes((ex, body) -> {
            pending.done();
            try {
                callback.onBody(ex, body);
            } catch (Exception e) {
                replies.unexpected(ex, e);
            }
        }, (ex, error) -> {
            pending.done();
            onError(ex, error);
        });
        if (!pending.finished) {
            pending.deadline = exchange.getIoThread().executeAfter(() -> expire(exchange), timeoutMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Whether a body read finished, and its deadline if one was needed; touched on one I/O thread only. */
    private static final class PendingBody {
        private boolean finished;
        private XnioExecutor.Key deadline;

        void done() {
            finished = true;
            if (deadline != null) {
                deadline.remove();
            }
        }
    }

    private void expire(HttpServerExchange exchange) {
        log.debug("{} {} from {}: body not complete within {} ms, closing", exchange.getRequestMethod(),
                exchange.getRequestPath(), exchange.getSourceAddress(), timeoutMillis);
        IoUtils.safeClose(exchange.getConnection());
    }

    private void onError(HttpServerExchange exchange, IOException error) {
        if (error instanceof Receiver.RequestToLargeException || error instanceof RequestTooBigException) {
            replies.error(exchange, 413, ApiError.INVALID_ARGUMENT,
                    "body: larger than " + maxBodySize + " bytes (expected: at most " + maxBodySize + " bytes)", null);
            return;
        }
        // The client went away or broke the framing; there is nobody to answer.
        log.debug("Cannot read the body of {} {}: {}", exchange.getRequestMethod(), exchange.getRequestPath(), error.toString());
        exchange.endExchange();
    }
}
