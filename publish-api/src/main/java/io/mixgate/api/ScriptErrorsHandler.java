package io.mixgate.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixgate.core.NodeOverview;
import io.mixgate.core.ScriptError;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * {@code GET /v1/scripts/errors}: the recent script errors every node keeps ({@code script.recentErrors}
 * each), newest first, gathered across the mesh:
 * <pre>{"errors":[{"node":"1","server":0,"script":"entry.lua","line":12,"callback":"on_message",
 *   "client":"4398046511105","message":"attempt to index a nil value","at":ms}],"partial":false,"missing":[]}</pre>
 * {@code line} is 0 when the error named no line. Messages come from scripts: clients can shape them.
 *
 * <p>Thread safety: immutable; one instance serves every request. Never blocks.
 */
final class ScriptErrorsHandler implements HttpHandler {
    private final NodeOverview overview;
    private final MeshReply meshReply;
    private final ApiReplies replies;

    ScriptErrorsHandler(NodeOverview overview, MeshReply meshReply, ApiReplies replies) {
        this.overview = overview;
        this.meshReply = meshReply;
        this.replies = replies;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        meshReply.answer(exchange, "read script errors", null, overview::scriptErrors, (ex, g) -> {
            ObjectNode body = replies.object();
            ArrayNode errors = body.putArray("errors");
            for (ScriptError e : g.value()) {
                errors.addObject().put("node", e.node()).put("server", e.server()).put("script", e.script())
                        .put("line", e.line()).put("callback", e.callback()).put("client", Long.toString(e.client()))
                        .put("message", e.message()).put("at", e.at());
            }
            replies.json(ex, 200, InspectJson.completeness(body, g));
        });
    }
}
