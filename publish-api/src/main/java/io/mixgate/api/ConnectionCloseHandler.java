package io.mixgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mixgate.core.Connections;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Closes connections with a code (1000 or 3000..4999, default 1000) and a reason (at most 123
 * bytes, default empty):
 * <ul>
 * <li>{@code POST /v1/connections/<client id>/close} {@code {"code":4000,"reason":"..."}}:
 *     {@code {"closed":1}}; 404 (code 301) when it is not connected; 504 when its node did not
 *     answer in time (it may or may not be closing).</li>
 * <li>{@code POST /v1/connections/close} {@code {"key":"uid","value":"1001","code":...,"reason":...}}:
 *     every connection on every node whose context value under {@code key} reads as {@code value}:
 *     {@code {"closed":N,"partial":false,"missing":[]}}; when partial, N counts the nodes that
 *     answered and the missing nodes may or may not have closed theirs.</li>
 * </ul>
 *
 * <p>Thread safety: immutable; one instance serves every request. Never blocks.
 */
final class ConnectionCloseHandler implements HttpHandler {
    private static final String SUFFIX = "/close";

    private final BodyReader bodies;
    private final ObjectMapper mapper;
    private final Connections connections;
    private final MeshReply meshReply;
    private final ApiReplies replies;
    private final boolean byContext;

    /** @param byContext true for {@code /v1/connections/close}, false for one connection's close */
    ConnectionCloseHandler(BodyReader bodies, ObjectMapper mapper, Connections connections, MeshReply meshReply,
                           ApiReplies replies, boolean byContext) {
        this.bodies = bodies;
        this.mapper = mapper;
        this.connections = connections;
        this.meshReply = meshReply;
        this.replies = replies;
        this.byContext = byContext;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        if (!byContext && !path.endsWith(SUFFIX)) {
            replies.error(exchange, 404, ApiError.INVALID_ARGUMENT, "unknown path " + path
                    + " (expected: POST /v1/connections/<client id>/close)", null);
            return;
        }
        bodies.read(exchange, this::onBody);
    }

    private void onBody(HttpServerExchange exchange, byte[] bytes) {
        try {
            JsonNode body = InspectJson.object(mapper, bytes);
            InspectJson.Close close = InspectJson.close(body);
            if (byContext) {
                closeWhere(exchange, body, close);
            } else {
                String path = exchange.getRequestPath();
                long clientId = InspectJson.clientId(path.substring(ConnectionInfoHandler.PREFIX.length(),
                        path.length() - SUFFIX.length()));
                meshReply.answer(exchange, "close client " + clientId, null,
                        () -> connections.close(clientId, close.code(), close.reason()), (ex, closed) -> {
                            if (closed) {
                                replies.json(ex, 200, replies.object().put("closed", 1));
                            } else {
                                replies.error(ex, 404, ApiError.CONN_CALL_FAILED, "client " + clientId + " is not connected", null);
                            }
                        });
            }
        } catch (InvalidArgumentException e) {
            replies.error(exchange, ApiError.INVALID_ARGUMENT, e.getMessage(), null);
        }
    }

    private void closeWhere(HttpServerExchange exchange, JsonNode body, InspectJson.Close close) throws InvalidArgumentException {
        JsonNode key = body.get("key");
        JsonNode value = body.get("value");
        if (key == null || !key.isTextual() || key.asText().isEmpty()) {
            throw new InvalidArgumentException("key: " + key + " (expected: a context key, e.g. \"uid\")");
        }
        if (value == null || !(value.isTextual() || value.isIntegralNumber() || value.isBoolean())) {
            throw new InvalidArgumentException("value: " + value + " (expected: a string, an integer or a boolean)");
        }
        String k = key.asText();
        String v = value.asText();
        meshReply.answer(exchange, "close connections with " + k + "=" + v, null,
                () -> connections.closeWhere(k, v, close.code(), close.reason()),
                (ex, closed) -> replies.json(ex, 200,
                        InspectJson.completeness(replies.object().put("closed", closed.value()), closed)));
    }
}
