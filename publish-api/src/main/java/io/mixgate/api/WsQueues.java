package io.mixgate.api;

import io.mixgate.core.QueueConsumer;
import io.mixgate.core.QueueException;
import io.mixgate.core.QueueItem;
import io.mixgate.core.QueueOperations;
import io.mixgate.core.QueueSink;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * One {@code /ws/v1} connection's {@code queue.pop} state: its {@link QueueConsumer}, made on the
 * first pop and closed with the connection, and the {@link QueueSink} that turns items into
 * {@code queue.pop} events on the connection.
 *
 * <p>{@link QueueException} kinds become CONNMIX's codes 201, 202 and 203. Without queues (null)
 * every pop is answered 201.
 *
 * <p>Thread safety: thread-safe; {@link #deliver} is called by the queues from any thread.
 */
final class WsQueues implements QueueSink {

    private static final String TOPICS = "{\"t\":[\"topic\", ...]} or [\"topic\", ...]";

    private final QueueOperations queues;
    private final ApiReplies replies;
    private final WsEnvelopes envelopes;
    /** Writes an event frame; completes once it is on the socket, exceptionally when it cannot be. */
    private final Function<byte[], CompletionStage<Void>> writer;
    private QueueConsumer consumer; // guarded by this
    private boolean closed; // guarded by this

    WsQueues(QueueOperations queues, ApiReplies replies, WsEnvelopes envelopes, Function<byte[], CompletionStage<Void>> writer) {
        this.queues = queues;
        this.replies = replies;
        this.envelopes = envelopes;
        this.writer = writer;
    }

    /** {@code queue.pop} with {@code {"t":[topics]}} (CONNMIX's docs) or {@code [topics]} (its PHP SDK). */
    WsAnswer pop(JsonNode params) throws InvalidArgumentException {
        List<String> topics = topics(params);
        if (queues == null) {
            return WsAnswer.error(ApiError.CONSUME_FAILED, "queues are not available on this node");
        }
        try {
            consumer().pop(topics);
        } catch (QueueException e) {
            return failed(e);
        } catch (IllegalStateException e) {
            return WsAnswer.error(ApiError.CONSUME_FAILED, e.getMessage());
        }
        return WsAnswer.ok(replies.object().put("s", true));
    }

    /** {@code queue.unpop}: stops popping every topic; its parameters, if any, change nothing. */
    WsAnswer unpop() {
        QueueConsumer current;
        synchronized (this) {
            current = consumer;
        }
        if (current != null) {
            try {
                current.unpop();
            } catch (QueueException e) {
                return failed(e);
            }
        }
        return WsAnswer.ok(replies.object().put("s", true));
    }

    /** The connection is gone: stops popping for good. Idempotent. */
    void close() {
        QueueConsumer current;
        synchronized (this) {
            closed = true;
            current = consumer;
            consumer = null;
        }
        if (current != null) {
            current.close();
        }
    }

    @Override
    public CompletionStage<Void> deliver(QueueItem item) {
        byte[] frame;
        try {
            frame = envelopes.queueEvent(item);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return writer.apply(frame);
    }

    private synchronized QueueConsumer consumer() {
        if (closed) {
            throw new IllegalStateException("the connection is closing");
        }
        if (consumer == null) {
            consumer = queues.consumer(this);
        }
        return consumer;
    }

    private static WsAnswer failed(QueueException e) {
        ApiError error = switch (e.kind()) {
            case CONSUME_FAILED -> ApiError.CONSUME_FAILED;
            case DUPLICATE_CONSUME -> ApiError.DUPLICATE_CONSUME;
            case UNPOP_FAILED -> ApiError.UNPOP_FAILED;
        };
        return WsAnswer.error(error, e.getMessage());
    }

    private static List<String> topics(JsonNode params) throws InvalidArgumentException {
        JsonNode list = params != null && params.isObject() ? params.get("t") : params;
        String field = params != null && params.isObject() ? "p.t" : "p";
        if (list == null || list.isNull()) {
            throw new InvalidArgumentException("field \"" + field + "\": missing (expected: " + TOPICS + ")");
        }
        if (!list.isArray() || list.isEmpty()) {
            throw new InvalidArgumentException("field \"" + field + "\": " + shorten(list.toString())
                    + " (expected: " + TOPICS + ")");
        }
        List<String> topics = new ArrayList<>(list.size());
        for (JsonNode topic : list) {
            if (!topic.isTextual() || topic.textValue().isEmpty()) {
                throw new InvalidArgumentException("field \"" + field + "\": topic " + shorten(topic.toString())
                        + " (expected: non-empty topic name strings)");
            }
            topics.add(topic.textValue());
        }
        return topics;
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
