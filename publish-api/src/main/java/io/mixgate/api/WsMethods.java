package io.mixgate.api;

import io.mixgate.core.CallOutcome;
import io.mixgate.core.ConnCall;
import io.mixgate.core.MeshOperations;
import io.mixgate.core.MessageType;
import io.mixgate.core.OutcomeUnknownException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The methods of {@code /ws/v1}: {@code mesh.publish}, {@code mesh.send}, {@code conn.call} over
 * {@link MeshOperations}, {@code queue.pop} and {@code queue.unpop} over the connection's
 * {@link WsQueues}, {@code presence.subscribe} and {@code presence.unsubscribe} over its
 * {@link WsPresence}, and {@code ping}. Parameters are checked like the HTTP API's (the same
 * {@link RequestFields}), so a bad one is answered 101 naming the field.
 *
 * <p>A mesh stage that fails with {@link OutcomeUnknownException} is answered 504 (it may have
 * happened), any other failure 503 (it certainly did not).
 *
 * <p>Thread safety: immutable; one instance serves every connection. {@link #answer} never
 * blocks and never throws; the stage it returns never completes exceptionally unless a bug does.
 */
final class WsMethods {

    static final String METHODS = "mesh.publish, mesh.send, conn.call, queue.pop, queue.unpop, presence.subscribe, presence.unsubscribe, ping";
    private static final String OBJECT_PARAMS = "an object such as {\"c\":...,\"d\":...}";

    private final MeshOperations mesh;
    private final ApiReplies replies;

    WsMethods(MeshOperations mesh, ApiReplies replies) {
        this.mesh = mesh;
        this.replies = replies;
    }

    CompletionStage<WsAnswer> answer(WsRequest request, WsQueues queues, WsPresence presence) {
        try {
            return switch (methodName(request)) {
                case "mesh.publish" -> publish(fields(request));
                case "mesh.send" -> send(fields(request));
                case "conn.call" -> call(fields(request));
                // "queue.consume" is the early-2022 name of queue.pop
                case "queue.pop", "queue.consume" -> done(queues.pop(request.params()));
                case "queue.unpop" -> done(queues.unpop());
                case "presence.subscribe" -> presence.subscribe(request.params());
                case "presence.unsubscribe" -> done(presence.unsubscribe(request.params()));
                case "ping" -> done(WsAnswer.ok(TextNode.valueOf("pong")));
                default -> done(WsAnswer.error(ApiError.INVALID_ARGUMENT,
                        "unknown method \"" + methodName(request) + "\" (expected: " + METHODS + ")"));
            };
        } catch (InvalidArgumentException e) {
            return done(WsAnswer.error(ApiError.INVALID_ARGUMENT, e.getMessage()));
        }
    }

    private static String methodName(WsRequest request) throws InvalidArgumentException {
        JsonNode m = request.method();
        if (m == null || m.isNull()) {
            throw new InvalidArgumentException("field \"m\": missing (expected: one of " + METHODS + ")");
        }
        if (!m.isTextual()) {
            throw new InvalidArgumentException("field \"m\": " + m + " (expected: one of " + METHODS + ")");
        }
        return m.textValue();
    }

    private static RequestFields fields(WsRequest request) throws InvalidArgumentException {
        JsonNode p = request.params();
        if (p == null || p.isNull()) {
            throw new InvalidArgumentException("field \"p\": missing (expected: " + OBJECT_PARAMS + ")");
        }
        if (!(p instanceof ObjectNode params)) {
            String shown = p.toString();
            throw new InvalidArgumentException("field \"p\": " + (shown.length() > 40 ? shown.substring(0, 40) + "..." : shown)
                    + " (expected: " + OBJECT_PARAMS + ")");
        }
        return RequestFields.of(params);
    }

    private CompletionStage<WsAnswer> publish(RequestFields fields) throws InvalidArgumentException {
        String channel = fields.channel();
        MessageType type = fields.type();
        byte[] data = fields.data(type);
        return mesh("publish to channel \"" + channel + "\"", () -> mesh.publish(channel, data, type),
                result -> WsAnswer.ok(replies.publishCounts(result)));
    }

    private CompletionStage<WsAnswer> send(RequestFields fields) throws InvalidArgumentException {
        long clientId = fields.clientId();
        MessageType type = fields.type();
        byte[] data = fields.data(type);
        return mesh("send to client " + clientId, () -> mesh.send(clientId, data, type), outcome -> switch (outcome) {
            case SENT -> ok();
            case UNKNOWN_CLIENT -> WsAnswer.error(ApiError.SEND_FAILED, "client " + clientId + " is not connected");
            case FAILED -> WsAnswer.error(ApiError.SEND_FAILED, "client " + clientId
                    + " could not take the message (its connection is closing or over its outbound limit)");
        });
    }

    private CompletionStage<WsAnswer> call(RequestFields fields) throws InvalidArgumentException {
        long clientId = fields.clientId();
        ConnCall call = fields.connCall();
        return mesh("conn.call " + call.function().wireName() + " on client " + clientId, () -> mesh.call(clientId, call),
                outcome -> outcome.status() == CallOutcome.Status.DONE
                        ? ok()
                        : WsAnswer.error(ApiError.CONN_CALL_FAILED, outcome.message()));
    }

    private WsAnswer ok() {
        return WsAnswer.ok(replies.object().put("s", true));
    }

    /** Runs a mesh call and turns its outcome, or its failure, into an answer. */
    private static <T> CompletionStage<WsAnswer> mesh(String operation, Supplier<? extends CompletionStage<T>> call,
                                                      Function<T, WsAnswer> onResult) {
        CompletionStage<T> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        if (stage == null) {
            return done(WsAnswer.error(ApiError.INTERNAL, operation + ": the node returned no result"));
        }
        return stage.handle((value, failure) -> {
            if (failure != null) {
                return MeshReply.failed(operation, failure);
            }
            if (value == null) {
                return WsAnswer.error(ApiError.INTERNAL, operation + ": the node returned no result");
            }
            return onResult.apply(value);
        });
    }

    private static CompletionStage<WsAnswer> done(WsAnswer answer) {
        return CompletableFuture.completedFuture(answer);
    }
}
