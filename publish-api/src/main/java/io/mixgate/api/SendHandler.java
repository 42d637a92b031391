package io.mixgate.api;

import io.mixgate.core.MeshOperations;
import io.mixgate.core.MessageType;
import io.mixgate.core.SendOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;

/**
 * {@code POST /v1/mesh/send} with {@code {"c":client_id,"d":data,"t":"text"|"binary"}}: sends to
 * one connection and answers {@code {"E":null,"r":{"s":true}}}.
 *
 * <p>Both failures carry CONNMIX's code 401 ({@link ApiError#SEND_FAILED}) and differ in HTTP
 * status: 404 when no connection has that id, 409 when the connection exists but cannot take
 * the message now (closing, or over its outbound limit). 409 rather than 503 because one slow
 * client is not the node being unavailable: 5xx stays reserved for the node itself, so that
 * load balancers and alerts keyed on 5xx do not fire for it.
 *
 * <p>Thread safety: immutable; one instance serves every request.
 */
final class SendHandler implements JsonEndpoint {

    /** The HTTP status for {@link SendOutcome#FAILED}; see the class comment. */
    static final int CONNECTION_BUSY_STATUS = 409;

    private final MeshOperations mesh;
    private final MeshReply meshReply;
    private final ApiReplies replies;

    SendHandler(MeshOperations mesh, MeshReply meshReply, ApiReplies replies) {
        this.mesh = mesh;
        this.meshReply = meshReply;
        this.replies = replies;
    }

    @Override
    public void handle(HttpServerExchange exchange, RequestFields fields) throws InvalidArgumentException {
        JsonNode requestId = fields.requestId();
        long clientId = fields.clientId();
        MessageType type = fields.type();
        byte[] data = fields.data(type);
        meshReply.answer(exchange, "send to client " + clientId, requestId,
                () -> mesh.send(clientId, data, type),
                (ex, outcome) -> reply(ex, clientId, outcome, requestId));
    }

    private void reply(HttpServerExchange exchange, long clientId, SendOutcome outcome, JsonNode requestId) {
        switch (outcome) {
            case SENT -> replies.ok(exchange, replies.object().put("s", true), requestId);
            case UNKNOWN_CLIENT -> replies.error(exchange, ApiError.SEND_FAILED,
                    "client " + clientId + " is not connected", requestId);
            case FAILED -> replies.error(exchange, CONNECTION_BUSY_STATUS, ApiError.SEND_FAILED,
                    "client " + clientId + " could not take the message (its connection is closing or over its outbound limit)",
                    requestId);
        }
    }
}
