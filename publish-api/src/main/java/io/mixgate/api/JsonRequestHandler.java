package io.mixgate.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Reads and parses a JSON object body, then hands it to a {@link JsonEndpoint}; a malformed body
 * or an invalid field gets HTTP 400 with {@link ApiError#INVALID_ARGUMENT}, echoing the request
 * id when the body got far enough to carry one.
 *
 * <p>Thread safety: immutable; one instance serves every request to its path.
 */
final class JsonRequestHandler implements HttpHandler {

    private final BodyReader bodies;
    private final ObjectMapper mapper;
    private final ApiReplies replies;
    private final JsonEndpoint endpoint;

    JsonRequestHandler(BodyReader bodies, ObjectMapper mapper, ApiReplies replies, JsonEndpoint endpoint) {
        this.bodies = bodies;
        this.mapper = mapper;
        this.replies = replies;
        this.endpoint = endpoint;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        bodies.read(exchange, this::onBody);
    }

    private void onBody(HttpServerExchange exchange, byte[] body) {
        RequestFields fields;
        try {
            fields = RequestFields.parse(mapper, body);
        } catch (InvalidArgumentException e) {
            replies.error(exchange, ApiError.INVALID_ARGUMENT, e.getMessage(), null);
            return;
        }
        try {
            endpoint.handle(exchange, fields);
        } catch (InvalidArgumentException e) {
            replies.error(exchange, ApiError.INVALID_ARGUMENT, e.getMessage(), fields.requestId());
        }
    }
}
