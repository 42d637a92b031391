package io.mixgate.api;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Routes by exact path, then by method, then checks access. An unknown path gets 404 and a known
 * path with another method gets 405 (with {@code Allow}), both as CONNMIX envelopes with code
 * 101, so that every reply of the API is JSON. A browser request from another site's page
 * (an {@code Origin} other than this API's) to a route that needs a role gets 403 (code 103). Each route names the {@link ApiAccess.Role} it
 * needs (or none: public); a request {@link ApiAccess} refuses gets 401 (with
 * {@code WWW-Authenticate: Basic}) or 403 before its handler runs. A handler that throws gets a
 * 500 envelope instead of Undertow's empty page.
 *
 * <p>Thread safety: immutable once built; one instance serves every request.
 */
final class ApiRoutes implements HttpHandler {

    /** A handler and the role it needs; {@code role} null = public. */
    private record Route(ApiAccess.Role role, HttpHandler handler) {
    }

    private static final String CHALLENGE = "Basic realm=\"mixgate\", charset=\"UTF-8\"";

    private final Map<String, Map<HttpString, Route>> routes;
    private final Map<String, Map<HttpString, Route>> prefixes;
    /** Path templates ({@code routes[]} answered by scripts), tried in order after exact and prefix routes. */
    private final Map<String, Map<HttpString, Route>> templates;
    private final Map<String, PathTemplate> templateMatchers;
    private final ApiReplies replies;
    private final ApiAccess access;

    private ApiRoutes(Map<String, Map<HttpString, Route>> routes, Map<String, Map<HttpString, Route>> prefixes,
                      Map<String, Map<HttpString, Route>> templates, ApiReplies replies, ApiAccess access) {
        this.routes = routes;
        this.prefixes = prefixes;
        this.templates = templates;
        Map<String, PathTemplate> matchers = new LinkedHashMap<>();
        templates.keySet().forEach(t -> matchers.put(t, new PathTemplate(t)));
        this.templateMatchers = matchers;
        this.replies = replies;
        this.access = access;
    }

    static Builder builder(ApiReplies replies, ApiAccess access) {
        return new Builder(replies, access);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        Map<HttpString, Route> byMethod = routes.get(path);
        if (byMethod == null) {
            byMethod = byPrefix(path);
        }
        if (byMethod == null) {
            byMethod = byTemplate(path);
        }
        if (byMethod == null) {
            replies.error(exchange, 404, ApiError.INVALID_ARGUMENT, "unknown path " + path, null);
            return;
        }
        Route route = byMethod.get(exchange.getRequestMethod());
        if (route == null) {
            String allowed = byMethod.keySet().stream().map(HttpString::toString).collect(Collectors.joining(", "));
            exchange.getResponseHeaders().put(Headers.ALLOW, allowed);
            replies.error(exchange, 405, ApiError.INVALID_ARGUMENT,
                    "method " + exchange.getRequestMethod() + " not allowed on " + path + " (expected: " + allowed + ")", null);
            return;
        }
        if (route.role() != null && crossOrigin(exchange)) {
            replies.error(exchange, 403, ApiError.FORBIDDEN, "cross-origin request refused: Origin "
                    + exchange.getRequestHeaders().getFirst(Headers.ORIGIN) + " is not this API's origin", null);
            return;
        }
        if (route.role() != null && exchange.isInIoThread()
                && access.costly(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION))) {
            // a slow credential check (bcrypt) must not hold an I/O thread: redo this request on a worker
            exchange.dispatch(this);
            return;
        }
        if (route.role() != null && !allowed(exchange, route.role())) {
            return;
        }
        try {
            route.handler().handleRequest(exchange);
        } catch (Exception e) {
            replies.unexpected(exchange, e);
        }
    }

    /** The routes of the first path template {@code path} matches, or null. */
    private Map<HttpString, Route> byTemplate(String path) {
        for (Map.Entry<String, PathTemplate> t : templateMatchers.entrySet()) {
            if (t.getValue().match(path) != null) {
                return templates.get(t.getKey());
            }
        }
        return null;
    }

    /** The routes of the longest prefix route {@code path} extends (by at least one character), or null. */
    private Map<HttpString, Route> byPrefix(String path) {
        String best = null;
        for (String prefix : prefixes.keySet()) {
            if (path.length() > prefix.length() && path.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? null : prefixes.get(best);
    }

    /**
     * A browser's request made by a page of another site ({@code Origin} names another host:port than
     * {@code Host}). Browsers send credentials they hold for this API (HTTP Basic typed into the admin
     * page, a loopback address) with such requests, so another site could publish or close through
     * them (CSRF, cross-site WebSocket); the API sends no CORS headers, so no other site's page has a
     * legitimate use for it. Clients that are not browsers send no {@code Origin}.
     */
    private static boolean crossOrigin(HttpServerExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (origin == null) {
            return false;
        }
        String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
        try {
            String authority = java.net.URI.create(origin.trim()).getRawAuthority();
            return authority == null || host == null || !authority.equalsIgnoreCase(host.trim());
        } catch (IllegalArgumentException e) {
            return true; // "null" (a sandboxed page, a file) or garbage: not this API's own page
        }
    }

    /** Checks access; answers 401 or 403 and returns false when refused. */
    private boolean allowed(HttpServerExchange exchange, ApiAccess.Role role) {
        ApiAccess.Decision decision = access.check(exchange.getSourceAddress(),
                exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION), role);
        if (decision.allowed()) {
            return true;
        }
        if (decision.status() == 401) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, CHALLENGE);
            replies.error(exchange, 401, ApiError.UNAUTHORIZED, decision.message(), null);
        } else {
            replies.error(exchange, decision.status(), ApiError.FORBIDDEN, decision.message(), null);
        }
        return false;
    }

    /** Collects routes; not thread-safe, used once while the server is put together. */
    static final class Builder {
        private final Map<String, Map<HttpString, Route>> routes = new LinkedHashMap<>();
        private final Map<String, Map<HttpString, Route>> prefixes = new LinkedHashMap<>();
        private final Map<String, Map<HttpString, Route>> templates = new LinkedHashMap<>();
        private final ApiReplies replies;
        private final ApiAccess access;

        private Builder(ApiReplies replies, ApiAccess access) {
            this.replies = replies;
            this.access = access;
        }

        /** @param role what a request needs to reach {@code handler}; null = anyone (public) */
        Builder add(HttpString method, String path, ApiAccess.Role role, HttpHandler handler) {
            Route previous = routes.computeIfAbsent(path, p -> new LinkedHashMap<>())
                    .putIfAbsent(method, new Route(role, handler));
            if (previous != null) {
                throw new IllegalArgumentException("route " + method + " " + path + " is already taken");
            }
            return this;
        }

        /**
         * A route for every path that starts with {@code prefix} and goes on (e.g. {@code /v1/connections/}
         * for {@code /v1/connections/123}); an exact route for a path wins over a prefix route.
         */
        Builder addPrefix(HttpString method, String prefix, ApiAccess.Role role, HttpHandler handler) {
            Route previous = prefixes.computeIfAbsent(prefix, p -> new LinkedHashMap<>())
                    .putIfAbsent(method, new Route(role, handler));
            if (previous != null) {
                throw new IllegalArgumentException("route " + method + " " + prefix + "* is already taken");
            }
            return this;
        }

        /**
         * A route for the paths {@code template} matches ({@code {name}} segments, see {@link PathTemplate}),
         * tried after exact and prefix routes, templates in the order added.
         */
        Builder addTemplate(HttpString method, String template, ApiAccess.Role role, HttpHandler handler) {
            Route previous = templates.computeIfAbsent(template, p -> new LinkedHashMap<>())
                    .putIfAbsent(method, new Route(role, handler));
            if (previous != null) {
                throw new IllegalArgumentException("route " + method + " " + template + " is already taken");
            }
            return this;
        }

        ApiRoutes build() {
            Map<String, Map<HttpString, Route>> orderedTemplates = new LinkedHashMap<>();
            templates.forEach((path, byMethod) -> orderedTemplates.put(path, Map.copyOf(byMethod)));
            return new ApiRoutes(freeze(routes), freeze(prefixes), java.util.Collections.unmodifiableMap(orderedTemplates),
                    replies, access);
        }

        private static Map<String, Map<HttpString, Route>> freeze(Map<String, Map<HttpString, Route>> routes) {
            Map<String, Map<HttpString, Route>> frozen = new LinkedHashMap<>();
            routes.forEach((path, byMethod) -> frozen.put(path, Map.copyOf(byMethod)));
            return Map.copyOf(frozen);
        }
    }
}
