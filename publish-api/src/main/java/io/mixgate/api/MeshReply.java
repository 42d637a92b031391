package io.mixgate.api;

import io.mixgate.core.RateLimitedLog;
import io.mixgate.core.OutcomeUnknownException;
import io.mixgate.core.MeshOperations;
import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.XnioIoThread;

/**
 * Answers an exchange when a {@link MeshOperations} call completes, without blocking any thread.
 *
 * <p>The exchange is dispatched with {@link SameThreadExecutor} so that Undertow does not end it
 * when the current handler call returns; the completion, whichever thread it arrives on (a
 * broker's event loop, say), is handed back to the exchange's own I/O thread, which writes the
 * reply. A call whose outcome is unknown ({@link OutcomeUnknownException}) is answered with HTTP 504
 * {@link ApiError#OUTCOME_UNKNOWN}; a call that otherwise fails (or throws instead of returning a
 * failed stage) certainly did not happen and is answered with HTTP 503 {@link ApiError#UNAVAILABLE};
 * both are logged once at WARN here; a call that breaks its contract
 * by returning {@code null} is answered with 500 {@link ApiError#INTERNAL}.
 *
 * <p>Thread safety: immutable; one instance serves every request.
 */
final class MeshReply {

    private static final Logger log = LoggerFactory.getLogger(MeshReply.class);
    /** Repeating warnings: at most a few lines a minute per call site, then a count (one budget per call site, like the logger). */
    private static final RateLimitedLog timeouts = new RateLimitedLog(log::warn);
    private static final RateLimitedLog unavailable = new RateLimitedLog(log::warn);
    private static final RateLimitedLog noResult = new RateLimitedLog(log::error);

    private final ApiReplies replies;

    MeshReply(ApiReplies replies) {
        this.replies = replies;
    }

    /**
     * Starts {@code call} and answers the exchange with {@code onResult} once it succeeds.
     *
     * @param exchange  an exchange inside a handler call on its I/O thread, not yet answered
     * @param operation what the call does, for messages and logs, e.g. {@code publish to channel "news"}
     * @param requestId the id to echo in error replies, or null
     * @param onResult  writes the reply for a result; runs on the exchange's I/O thread
     */
    <T> void answer(HttpServerExchange exchange, String operation, JsonNode requestId,
                    Supplier<? extends CompletionStage<T>> call, BiConsumer<HttpServerExchange, T> onResult) {
        CompletionStage<T> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        if (stage == null) {
            broken(exchange, operation, requestId);
            return;
        }
        if (stage instanceof CompletableFuture<T> done && done.isDone()) {
            // the in-process broker answers before returning: reply now, on this I/O thread,
            // without dispatching the exchange and hopping back to this same thread
            T value = null;
            Throwable failure = null;
            try {
                value = done.join();
            } catch (CompletionException | CancellationException e) {
                failure = e;
            }
            complete(exchange, operation, requestId, value, failure, onResult);
            return;
        }
        CompletionStage<T> pending = stage;
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> pending.whenComplete((value, failure) ->
                onIoThread(exchange, () -> complete(exchange, operation, requestId, value, failure, onResult))));
    }

    private <T> void complete(HttpServerExchange exchange, String operation, JsonNode requestId,
                              T value, Throwable failure, BiConsumer<HttpServerExchange, T> onResult) {
        try {
            if (failure != null) {
                WsAnswer answer = failed(operation, failure);
                boolean unknown = answer.error() == ApiError.OUTCOME_UNKNOWN;
                (unknown ? timeouts : unavailable).log("Answering {} to {} {}: {}", answer.error().code(),
                        exchange.getRequestMethod(), exchange.getRequestPath(), answer.message());
                log.debug("Failure behind the {}", answer.error().code(), failure);
                replies.error(exchange, answer.error(), answer.message(), requestId);
            } else if (value == null) {
                broken(exchange, operation, requestId);
            } else {
                onResult.accept(exchange, value);
            }
        } catch (RuntimeException e) {
            replies.unexpected(exchange, e);
        }
    }

    private void broken(HttpServerExchange exchange, String operation, JsonNode requestId) {
        noResult.log("The node returned no result to {}: a bug in MeshOperations", operation);
        replies.error(exchange, ApiError.INTERNAL, operation + ": the node returned no result", requestId);
    }

    private static void onIoThread(HttpServerExchange exchange, Runnable task) {
        XnioIoThread ioThread = exchange.getIoThread();
        if (Thread.currentThread() == ioThread) {
            task.run();
            return;
        }
        try {
            ioThread.execute(task);
        } catch (RejectedExecutionException stopping) {
            // The server is closing; its connections, and this exchange with them, are going away.
            log.debug("Dropping the reply to {}: the API server is stopping", exchange.getRequestPath());
        }
    }

    /**
     * The one rule for a failed mesh call, shared by HTTP and {@code /ws/v1}: an
     * {@link OutcomeUnknownException} may have happened (504), any other failure certainly did not (503).
     */
    static WsAnswer failed(String operation, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof OutcomeUnknownException) {
            return WsAnswer.error(ApiError.OUTCOME_UNKNOWN, operation + ": outcome unknown: " + describe(cause));
        }
        return WsAnswer.error(ApiError.UNAVAILABLE, operation + " failed: " + describe(cause));
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
