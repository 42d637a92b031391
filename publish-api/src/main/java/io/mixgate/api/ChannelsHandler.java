package io.mixgate.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixgate.core.ChannelCount;
import io.mixgate.core.Connections;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Channels and their subscriber counts, summed over the mesh:
 * <ul>
 * <li>{@code GET /v1/channels?prefix=&limit=&cursor=}: channels with at least one subscriber, by
 *     name: {@code {"channels":[{"name":"news","subscribers":3}],"next_cursor":"news"|null,"partial":false,"missing":[]}}</li>
 * <li>{@code GET /v1/channels/<name>}: {@code {"channel":"news","subscribers":3,"partial":false,"missing":[]}}</li>
 * <li>{@code GET /v1/channels/<name>/presence?key=uid}: who is subscribed (see {@link PresenceHandler}); so the
 *     count of a channel whose own name ends in {@code /presence} is not reachable here</li>
 * </ul>
 *
 * <p>Thread safety: immutable; one instance serves every request. Never blocks.
 */
final class ChannelsHandler implements HttpHandler {
    static final String PREFIX = "/v1/channels/";

    private final Connections connections;
    private final MeshReply meshReply;
    private final ApiReplies replies;
    private final PresenceHandler presence;

    ChannelsHandler(Connections connections, MeshReply meshReply, ApiReplies replies) {
        this.connections = connections;
        this.meshReply = meshReply;
        this.replies = replies;
        this.presence = new PresenceHandler(connections, meshReply, replies);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        if (path.startsWith(PREFIX)) {
            String name = path.substring(PREFIX.length());
            if (name.endsWith(PresenceHandler.SUFFIX) && name.length() > PresenceHandler.SUFFIX.length()) {
                presence.answer(exchange, name.substring(0, name.length() - PresenceHandler.SUFFIX.length()));
                return;
            }
            meshReply.answer(exchange, "count subscribers of " + name, null, () -> connections.subscribers(name),
                    (ex, n) -> replies.json(ex, 200, InspectJson.completeness(
                            replies.object().put("channel", name).put("subscribers", n.value()), n)));
            return;
        }
        int limit;
        try {
            limit = InspectJson.limit(exchange);
        } catch (InvalidArgumentException e) {
            replies.error(exchange, ApiError.INVALID_ARGUMENT, e.getMessage(), null);
            return;
        }
        String prefix = InspectJson.param(exchange, "prefix");
        String cursor = InspectJson.param(exchange, "cursor");
        // one more than asked: tells whether a next page exists
        meshReply.answer(exchange, "list channels", null, () -> connections.channels(prefix, cursor, limit + 1), (ex, g) -> {
            ObjectNode body = replies.object();
            ArrayNode list = body.putArray("channels");
            for (ChannelCount c : g.value().subList(0, Math.min(limit, g.value().size()))) {
                list.addObject().put("name", c.name()).put("subscribers", c.subscribers());
            }
            body.put("next_cursor", g.value().size() > limit ? g.value().get(limit - 1).name() : null);
            replies.json(ex, 200, InspectJson.completeness(body, g));
        });
    }
}
