package io.mixgate.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixgate.core.ConnectionInfo;
import io.mixgate.core.ConnectionPage;
import io.mixgate.core.ConnectionQuery;
import io.mixgate.core.Connections;
import io.mixgate.core.Gathered;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * {@code GET /v1/connections?server=&channel=&key=&value=&limit=&cursor=}: a page of connections
 * across the mesh, in client-id order: {@code {"connections":[...],"next_cursor":"id"|null,
 * "partial":false,"missing":[]}}. Pass {@code next_cursor} back as {@code cursor} for the next page.
 *
 * <p>Thread safety: immutable; one instance serves every request. Never blocks.
 */
final class ConnectionListHandler implements HttpHandler {
    private final Connections connections;
    private final MeshReply meshReply;
    private final ApiReplies replies;

    ConnectionListHandler(Connections connections, MeshReply meshReply, ApiReplies replies) {
        this.connections = connections;
        this.meshReply = meshReply;
        this.replies = replies;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        ConnectionQuery query;
        try {
            query = query(exchange);
        } catch (InvalidArgumentException e) {
            replies.error(exchange, ApiError.INVALID_ARGUMENT, e.getMessage(), null);
            return;
        }
        meshReply.answer(exchange, "list connections", null, () -> connections.list(query), this::reply);
    }

    private static ConnectionQuery query(HttpServerExchange exchange) throws InvalidArgumentException {
        String server = InspectJson.param(exchange, "server");
        Integer serverIndex = null;
        if (server != null) {
            try {
                serverIndex = Integer.parseInt(server);
            } catch (NumberFormatException e) {
                throw new InvalidArgumentException("server: \"" + server + "\" (expected: a server's index in servers, e.g. 0)");
            }
        }
        String key = InspectJson.param(exchange, "key");
        String value = InspectJson.param(exchange, "value");
        if ((key == null) != (value == null)) {
            throw new InvalidArgumentException("key and value: give both or neither (got key "
                    + (key == null ? "none" : "\"" + key + "\"") + ", value " + (value == null ? "none" : "\"" + value + "\"") + ")");
        }
        String cursor = InspectJson.param(exchange, "cursor");
        long after = cursor == null ? 0 : InspectJson.clientId(cursor);
        return new ConnectionQuery(serverIndex, InspectJson.param(exchange, "channel"), key, value, after,
                InspectJson.limit(exchange));
    }

    private void reply(HttpServerExchange exchange, Gathered<ConnectionPage> gathered) {
        ObjectNode body = replies.object();
        ArrayNode list = body.putArray("connections");
        for (ConnectionInfo c : gathered.value().connections()) {
            InspectJson.connection(list.addObject(), c, false);
        }
        Long next = gathered.value().nextCursor();
        body.put("next_cursor", next == null ? null : Long.toString(next));
        replies.json(exchange, 200, InspectJson.completeness(body, gathered));
    }
}
