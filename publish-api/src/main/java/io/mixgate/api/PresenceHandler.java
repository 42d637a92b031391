package io.mixgate.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixgate.core.ConnectionInfo;
import io.mixgate.core.ConnectionPage;
import io.mixgate.core.ConnectionQuery;
import io.mixgate.core.Connections;
import io.mixgate.core.Gathered;
import io.undertow.server.HttpServerExchange;

/**
 * {@code GET /v1/channels/<name>/presence?key=uid&limit=&cursor=}: who is subscribed to a channel,
 * across the mesh, in client-id order, paged like {@code /v1/connections}:
 * {@code {"channel":"news","key":"uid","subscribers":[{"id":"..","node":"1","v":1001,"connected_at":ms}],
 * "next_cursor":"id"|null,"partial":false,"missing":[]}}. {@code v} is the connection's context
 * value under {@code key}, null when it has none. The truth to resync presence events from.
 *
 * <p>Thread safety: immutable; one instance serves every request. Never blocks.
 */
final class PresenceHandler {
    static final String SUFFIX = "/presence";

    private final Connections connections;
    private final MeshReply meshReply;
    private final ApiReplies replies;

    PresenceHandler(Connections connections, MeshReply meshReply, ApiReplies replies) {
        this.connections = connections;
        this.meshReply = meshReply;
        this.replies = replies;
    }

    void answer(HttpServerExchange exchange, String channel) {
        ConnectionQuery query;
        String key = InspectJson.param(exchange, "key");
        try {
            if (key == null) {
                throw new InvalidArgumentException("key: missing (expected: a context key such as key=uid)");
            }
            String cursor = InspectJson.param(exchange, "cursor");
            query = new ConnectionQuery(null, channel, null, null, cursor == null ? 0 : InspectJson.clientId(cursor),
                    InspectJson.limit(exchange));
        } catch (InvalidArgumentException e) {
            replies.error(exchange, ApiError.INVALID_ARGUMENT, e.getMessage(), null);
            return;
        }
        meshReply.answer(exchange, "list the presence of " + channel, null, () -> connections.list(query),
                (ex, g) -> reply(ex, channel, key, g));
    }

    private void reply(HttpServerExchange exchange, String channel, String key, Gathered<ConnectionPage> gathered) {
        ObjectNode body = replies.object().put("channel", channel).put("key", key);
        ArrayNode list = body.putArray("subscribers");
        for (ConnectionInfo c : gathered.value().connections()) {
            ObjectNode s = list.addObject().put("id", Long.toString(c.id())).put("node", Integer.toString(c.node()));
            s.putPOJO("v", c.context().get(key));
            s.put("connected_at", c.connectedAt());
        }
        Long next = gathered.value().nextCursor();
        body.put("next_cursor", next == null ? null : Long.toString(next));
        replies.json(exchange, 200, InspectJson.completeness(body, gathered));
    }
}
