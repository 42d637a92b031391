package io.mixgate.api;

import io.mixgate.core.Connections;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * {@code GET /v1/connections/<client id>}: one connection, asked of the node that holds it:
 * {@code {"id","node","server","remote","connected_at","context":{...},"channels":[...],"outbound_bytes"}};
 * 404 (code 301) when it is not connected, 504 when its node did not answer in time.
 *
 * <p>Thread safety: immutable; one instance serves every request. Never blocks.
 */
final class ConnectionInfoHandler implements HttpHandler {
    static final String PREFIX = "/v1/connections/";

    private final Connections connections;
    private final MeshReply meshReply;
    private final ApiReplies replies;

    ConnectionInfoHandler(Connections connections, MeshReply meshReply, ApiReplies replies) {
        this.connections = connections;
        this.meshReply = meshReply;
        this.replies = replies;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        long clientId;
        try {
            clientId = InspectJson.clientId(exchange.getRequestPath().substring(PREFIX.length()));
        } catch (InvalidArgumentException e) {
            replies.error(exchange, ApiError.INVALID_ARGUMENT, e.getMessage(), null);
            return;
        }
        meshReply.answer(exchange, "info on client " + clientId, null, () -> connections.info(clientId), (ex, info) -> {
            if (info.isEmpty()) {
                replies.error(ex, 404, ApiError.CONN_CALL_FAILED, "client " + clientId + " is not connected", null);
            } else {
                replies.json(ex, 200, InspectJson.connection(replies.object(), info.get(), true));
            }
        });
    }
}
