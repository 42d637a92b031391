package io.mixgate.api;

import io.mixgate.core.MeshOperations;
import io.mixgate.core.NodeHealth;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * {@code GET /health}: 200 {@code {"status":"ok","connections":N}} when the node is healthy, 503
 * {@code {"status":"unhealthy","detail":...,"connections":N}} otherwise. Not a CONNMIX envelope:
 * load balancers and orchestrators read it, and they look at the status code.
 *
 * <p>Thread safety: immutable. Runs on the I/O thread, which {@link MeshOperations#health()}
 * allows: it never blocks.
 */
final class HealthHandler implements HttpHandler {

    private final MeshOperations mesh;
    private final ApiReplies replies;

    HealthHandler(MeshOperations mesh, ApiReplies replies) {
        this.mesh = mesh;
        this.replies = replies;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        NodeHealth health;
        try {
            health = mesh.health();
        } catch (RuntimeException e) {
            health = new NodeHealth(false, 0, "health check failed: " + e);
        }
        if (health == null) {
            health = new NodeHealth(false, 0, "the node reported no health");
        }
        ObjectNode body = replies.object();
        if (health.healthy()) {
            body.put("status", "ok").put("connections", health.connections());
            replies.json(exchange, 200, body);
        } else {
            body.put("status", "unhealthy").put("detail", health.detail()).put("connections", health.connections());
            replies.json(exchange, 503, body);
        }
    }
}
