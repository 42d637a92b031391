package io.mixgate.api;

import io.mixgate.core.MeshOperations;
import io.mixgate.core.MessageType;
import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;

/**
 * {@code POST /v1/mesh/publish} with {@code {"c":channel,"d":data,"t":"text"|"binary"}}: publishes
 * to every subscriber of the channel and answers {@code {"E":null,"r":{"s":delivered,"f":failed}}}.
 *
 * <p>Thread safety: immutable; one instance serves every request.
 */
final class PublishHandler implements JsonEndpoint {

    private final MeshOperations mesh;
    private final MeshReply meshReply;
    private final ApiReplies replies;

    PublishHandler(MeshOperations mesh, MeshReply meshReply, ApiReplies replies) {
        this.mesh = mesh;
        this.meshReply = meshReply;
        this.replies = replies;
    }

    @Override
    public void handle(HttpServerExchange exchange, RequestFields fields) throws InvalidArgumentException {
        JsonNode requestId = fields.requestId();
        String channel = fields.channel();
        MessageType type = fields.type();
        byte[] data = fields.data(type);
        meshReply.answer(exchange, "publish to channel \"" + channel + "\"", requestId,
                () -> mesh.publish(channel, data, type),
                (ex, result) -> replies.ok(ex, replies.publishCounts(result), requestId));
    }
}
