package io.mixgate.api;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Routes by exact path, then by method. An unknown path gets 404 and a known path with another
 * method gets 405 (with {@code Allow}), both as CONNMIX envelopes with code 101, so that every
 * reply of the API is JSON. A handler that throws gets a 500 envelope instead of Undertow's
 * empty page.
 *
 * <p>Thread safety: immutable once built; one instance serves every request.
 */
final class ApiRoutes implements HttpHandler {

    private final Map<String, Map<HttpString, HttpHandler>> routes;
    private final ApiReplies replies;

    private ApiRoutes(Map<String, Map<HttpString, HttpHandler>> routes, ApiReplies replies) {
        this.routes = routes;
        this.replies = replies;
    }

    static Builder builder(ApiReplies replies) {
        return new Builder(replies);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        Map<HttpString, HttpHandler> byMethod = routes.get(path);
        if (byMethod == null) {
            replies.error(exchange, 404, ApiError.INVALID_ARGUMENT, "unknown path " + path, null);
            return;
        }
        HttpHandler handler = byMethod.get(exchange.getRequestMethod());
        if (handler == null) {
            String allowed = byMethod.keySet().stream().map(HttpString::toString).collect(Collectors.joining(", "));
            exchange.getResponseHeaders().put(Headers.ALLOW, allowed);
            replies.error(exchange, 405, ApiError.INVALID_ARGUMENT,
                    "method " + exchange.getRequestMethod() + " not allowed on " + path + " (expected: " + allowed + ")", null);
            return;
        }
        try {
            handler.handleRequest(exchange);
        } catch (Exception e) {
            replies.unexpected(exchange, e);
        }
    }

    /** Collects routes; not thread-safe, used once while the server is put together. */
    static final class Builder {
        private final Map<String, Map<HttpString, HttpHandler>> routes = new LinkedHashMap<>();
        private final ApiReplies replies;

        private Builder(ApiReplies replies) {
            this.replies = replies;
        }

        Builder add(HttpString method, String path, HttpHandler handler) {
            HttpHandler previous = routes.computeIfAbsent(path, p -> new LinkedHashMap<>()).putIfAbsent(method, handler);
            if (previous != null) {
                throw new IllegalArgumentException("route " + method + " " + path + " is already taken");
            }
            return this;
        }

        ApiRoutes build() {
            Map<String, Map<HttpString, HttpHandler>> frozen = new LinkedHashMap<>();
            routes.forEach((path, byMethod) -> frozen.put(path, Map.copyOf(byMethod)));
            return new ApiRoutes(Map.copyOf(frozen), replies);
        }
    }
}
