package io.mixgate.api;

import io.undertow.io.Receiver;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a whole request body without blocking the I/O thread, refusing bodies over the limit
 * with HTTP 413 ({@link ApiError#INVALID_ARGUMENT}).
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
    private final ApiReplies replies;

    BodyReader(int maxBodySize, ApiReplies replies) {
        this.maxBodySize = maxBodySize;
        this.replies = replies;
    }

    void read(HttpServerExchange exchange, BodyCallback callback) {
        Receiver receiver = exchange.getRequestReceiver();
        receiver.setMaxBufferSize(maxBodySize);
        receiver.receiveFullBytes((ex, body) -> {
            try {
                callback.onBody(ex, body);
            } catch (Exception e) {
                replies.unexpected(ex, e);
            }
        }, this::onError);
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
