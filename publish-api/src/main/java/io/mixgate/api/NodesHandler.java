package io.mixgate.api;

import io.mixgate.core.NodeDirectory;
import io.mixgate.core.NodeInfo;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.List;

/**
 * {@code GET /v1/nodes}: {@code {"nodes":[{"id":"3","api_server":"host:6789","started_at":ms,
 * "connections":N,"heartbeat_at":ms},...]}}, a bare document as CONNMIX's center answers it (its
 * PHP SDK reads {@code nodes} straight from the body). 503 with an error envelope when the
 * registry cannot be read.
 *
 * <p>Thread safety: immutable; one instance serves every request. Never blocks.
 */
final class NodesHandler implements HttpHandler {
    private final NodeDirectory directory;
    private final MeshReply meshReply;
    private final ApiReplies replies;

    NodesHandler(NodeDirectory directory, MeshReply meshReply, ApiReplies replies) {
        this.directory = directory;
        this.meshReply = meshReply;
        this.replies = replies;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        meshReply.answer(exchange, "list nodes", null, directory::nodes, this::reply);
    }

    private void reply(HttpServerExchange exchange, List<NodeInfo> nodes) {
        ObjectNode body = replies.object();
        ArrayNode list = body.putArray("nodes");
        for (NodeInfo node : nodes) {
            list.addObject().put("id", node.id()).put("api_server", node.apiServer())
                    .put("started_at", node.startedAt()).put("connections", node.connections())
                    .put("heartbeat_at", node.heartbeatAt());
        }
        replies.json(exchange, 200, body);
    }
}
