package io.mixgate.api;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * {@code GET /version}: {@code {"apis":["v1"]}}, as CONNMIX's center answers; SDKs read the
 * first entry to build {@code /v1/nodes}.
 *
 * <p>Thread safety: immutable.
 */
final class VersionHandler implements HttpHandler {
    private final ApiReplies replies;

    VersionHandler(ApiReplies replies) {
        this.replies = replies;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        var body = replies.object();
        body.putArray("apis").add("v1");
        replies.json(exchange, 200, body);
    }
}
