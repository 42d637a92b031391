package io.mixgate.api;

import io.mixgate.core.CallOutcome;
import io.mixgate.core.ConnCall;
import io.mixgate.core.MeshOperations;
import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;

/**
 * {@code POST /v1/conn/call} with {@code {"c":client_id,"f":function,"a":[args]}}: CONNMIX's
 * {@code conn.call} of the WebSocket API, also over plain HTTP (mixgate only), answering
 * {@code {"E":null,"r":{"s":true}}}.
 *
 * <p>Refusals carry CONNMIX's code 301 ({@link ApiError#CONN_CALL_FAILED}): HTTP 404 when no
 * connection has that id, 409 when the connection refused the call (closing, a channel name it
 * does not accept, too many subscriptions). A call the owning node did not confirm in time is
 * answered 504 (outcome unknown) by {@link MeshReply}.
 *
 * <p>Thread safety: immutable; one instance serves every request.
 */
final class ConnCallHandler implements JsonEndpoint {

    private final MeshOperations mesh;
    private final MeshReply meshReply;
    private final ApiReplies replies;

    ConnCallHandler(MeshOperations mesh, MeshReply meshReply, ApiReplies replies) {
        this.mesh = mesh;
        this.meshReply = meshReply;
        this.replies = replies;
    }

    @Override
    public void handle(HttpServerExchange exchange, RequestFields fields) throws InvalidArgumentException {
        JsonNode requestId = fields.requestId();
        long clientId = fields.clientId();
        ConnCall call = fields.connCall();
        meshReply.answer(exchange, "conn.call " + call.function().wireName() + " on client " + clientId, requestId,
                () -> mesh.call(clientId, call),
                (ex, outcome) -> reply(ex, outcome, requestId));
    }

    private void reply(HttpServerExchange exchange, CallOutcome outcome, JsonNode requestId) {
        switch (outcome.status()) {
            case DONE -> replies.ok(exchange, replies.object().put("s", true), requestId);
            case UNKNOWN_CLIENT -> replies.error(exchange, 404, ApiError.CONN_CALL_FAILED, outcome.message(), requestId);
            case REFUSED -> replies.error(exchange, 409, ApiError.CONN_CALL_FAILED, outcome.message(), requestId);
        }
    }
}
