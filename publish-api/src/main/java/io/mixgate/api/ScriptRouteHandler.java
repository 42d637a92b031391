package io.mixgate.api;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * Answers one {@code routes[]} entry: reads the body (bounded by {@code apiServer.maxBodySize}),
 * hands the request to {@link ScriptRoutes#answer} and sends what the function answered. A script
 * failure is a 500 envelope (code 500) naming what failed; no answer within the route's timeout
 * is a 504 envelope (code 504, "outcome unknown": the function may still finish). Access is
 * checked before, by {@link ApiRoutes}. Thread-safe; never blocks an I/O thread.
 */
final class ScriptRouteHandler implements HttpHandler {
    private final ScriptRoutes routes;
    private final int index;
    private final PathTemplate template;
    private final BodyReader bodies;
    private final ApiReplies replies;

    ScriptRouteHandler(ScriptRoutes routes, int index, BodyReader bodies, ApiReplies replies) {
        this.routes = routes;
        this.index = index;
        this.template = new PathTemplate(routes.routes().get(index).path());
        this.bodies = bodies;
        this.replies = replies;
    }

    PathTemplate template() {
        return template;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        bodies.read(exchange, (ex, body) -> {
            Map<String, String> params = template.match(ex.getRequestPath());
            Map<String, String> query = new LinkedHashMap<>();
            for (Map.Entry<String, Deque<String>> q : ex.getQueryParameters().entrySet()) {
                if (!q.getValue().isEmpty()) {
                    query.put(q.getKey(), q.getValue().getFirst());
                }
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (HeaderValues h : ex.getRequestHeaders()) {
                headers.put(h.getHeaderName().toString().toLowerCase(Locale.ROOT), h.getFirst());
            }
            ScriptRoutes.Request request = new ScriptRoutes.Request(ex.getRequestMethod().toString(),
                    ex.getRequestPath(), params == null ? Map.of() : params, query, headers, body);
            ex.dispatch(); // the answer comes on another thread
            routes.answer(index, request).whenComplete((response, failure) -> ex.getIoThread().execute(() -> {
                if (failure != null) {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (cause instanceof TimeoutException) {
                        replies.error(ex, ApiError.OUTCOME_UNKNOWN, "outcome unknown: route function "
                                + "did not answer within its timeout", null);
                    } else if (cause instanceof ScriptRoutes.RouteFailedException) {
                        replies.error(ex, ApiError.INTERNAL, cause.getMessage(), null);
                    } else {
                        replies.unexpected(ex, cause);
                    }
                    return;
                }
                ex.setStatusCode(response.status());
                response.headers().forEach((k, v) -> ex.getResponseHeaders().put(HttpString.tryFromString(k), v));
                ex.getResponseSender().send(ByteBuffer.wrap(response.body()));
            }));
        });
    }
}
