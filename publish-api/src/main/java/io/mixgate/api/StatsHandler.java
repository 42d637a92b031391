package io.mixgate.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixgate.core.NodeHealth;
import io.mixgate.core.NodeOverview;
import io.mixgate.core.NodeStats;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * {@code GET /v1/stats}: every node's health, connections and running counters, gathered across the
 * mesh like {@code /v1/connections}:
 * <pre>{"nodes":[{"node":"1","at":ms,"healthy":true,"detail":"ok","mesh_healthy":true,"mesh":"ok",
 *   "connections":3,"messages_in":10,"published":4,"deliveries":12,"delivery_failures":0,"script_errors":0,
 *   "scripts":[{"server":0,"script":"scripts/entry.websocket.lua","version":1}]}],"partial":false,"missing":[]}</pre>
 * Counters only grow while the node runs: a rate is the difference of two readings over the
 * difference of their {@code at}.
 *
 * <p>Thread safety: immutable; one instance serves every request. Never blocks.
 */
final class StatsHandler implements HttpHandler {
    private final NodeOverview overview;
    private final MeshReply meshReply;
    private final ApiReplies replies;

    StatsHandler(NodeOverview overview, MeshReply meshReply, ApiReplies replies) {
        this.overview = overview;
        this.meshReply = meshReply;
        this.replies = replies;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        meshReply.answer(exchange, "read stats", null, overview::stats, (ex, g) -> {
            ObjectNode body = replies.object();
            ArrayNode nodes = body.putArray("nodes");
            for (NodeStats s : g.value()) {
                NodeHealth h = s.health();
                ObjectNode n = nodes.addObject().put("node", s.node()).put("at", s.at())
                        .put("healthy", h.healthy()).put("detail", h.detail())
                        .put("mesh_healthy", h.meshHealthy()).put("mesh", h.meshDetail())
                        .put("connections", h.connections()).put("messages_in", s.messagesIn())
                        .put("published", s.published()).put("deliveries", s.deliveries())
                        .put("delivery_failures", s.deliveryFailures()).put("script_errors", s.scriptErrors());
                ArrayNode scripts = n.putArray("scripts");
                for (int i = 0; i < s.scripts().size(); i++) {
                    scripts.addObject().put("server", i).put("script", s.scripts().get(i).script())
                            .put("version", s.scripts().get(i).version());
                }
            }
            replies.json(ex, 200, InspectJson.completeness(body, g));
        });
    }
}
