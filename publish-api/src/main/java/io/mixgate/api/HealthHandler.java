package io.mixgate.api;

import io.mixgate.core.MeshOperations;
import io.mixgate.core.NodeHealth;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * {@code GET /health} and {@code GET /health/mesh}. Not a CONNMIX envelope: load balancers and
 * orchestrators read them, and they look at the status code.
 *
 * <ul>
 * <li>{@code /health} (readiness, what a balancer checks): 200 {@code {"status":"ok","connections":N,"mesh":"ok"}}
 *     while the node takes new clients, whatever its mesh link; 503
 *     {@code {"status":"unhealthy","detail":...,"connections":N,"mesh":...}} while it drains or its
 *     script lanes are stalled. {@code mesh} is {@code "ok"} or why the Redis link is down.</li>
 * <li>{@code /health/mesh} (everything, for alerts): as above, but also 503 while the mesh link
 *     is down, with {@code detail} saying why.</li>
 * </ul>
 *
 * <p>Thread safety: immutable. Runs on the I/O thread, which {@link MeshOperations#health()}
 * allows: it never blocks.
 */
final class HealthHandler implements HttpHandler {

    private final MeshOperations mesh;
    private final ApiReplies replies;
    private final boolean includeMesh;

    /** @param includeMesh whether a mesh link that is down makes this endpoint red ({@code /health/mesh}) */
    HealthHandler(MeshOperations mesh, ApiReplies replies, boolean includeMesh) {
        this.mesh = mesh;
        this.replies = replies;
        this.includeMesh = includeMesh;
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
        boolean ok = health.healthy() && (!includeMesh || health.meshHealthy());
        if (ok) {
            body.put("status", "ok").put("connections", health.connections()).put("mesh", health.meshDetail());
            replies.json(exchange, 200, body);
        } else {
            String detail = health.healthy() ? health.meshDetail() : health.detail();
            body.put("status", "unhealthy").put("detail", detail).put("connections", health.connections())
                    .put("mesh", health.meshDetail());
            replies.json(exchange, 503, body);
        }
    }
}
