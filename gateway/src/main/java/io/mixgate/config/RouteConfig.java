package io.mixgate.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * One HTTP route of the API server answered by a service's Lua function ({@code routes[i]} in the
 * YAML). {@code role} is required in effect: left out it means {@code write}; a route anyone may
 * call says {@code role: public}.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param method   {@code GET}, {@code POST}, {@code PUT}, {@code PATCH} or {@code DELETE}
 * @param path     starts with {@code /}; a {@code {name}} segment matches one segment, passed in
 *                 {@code req.params.name}; may not be under {@code /v1/}, {@code /ws/}, {@code /admin}
 *                 or {@code /health} (the API's own)
 * @param service  the {@code services[]} entry whose VM runs the function
 * @param function the global function called as {@code status, body, headers = fn(req)}
 * @param role     {@code public}, {@code read} or {@code write} (default)
 * @param timeout  how long the client waits for the function, {@code 1ms..10m}, default 10s;
 *                 past it the reply is 504
 */
public record RouteConfig(String method, String path, String service, String function, String role,
                          Duration timeout) {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    public RouteConfig {
        Require.nonBlank("method", method);
        method = method.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new InvalidValueException("method", Require.show(method), "GET, POST, PUT, PATCH or DELETE");
        }
        Require.nonBlank("path", path);
        if (!path.startsWith("/") || path.contains("//") || path.contains("?")) {
            throw new InvalidValueException("path", Require.show(path), "an absolute path like /api/ohlcv/{pair}");
        }
        for (String reserved : new String[] {"/v1/", "/ws/", "/admin", "/health", "/metrics", "/version"}) {
            if (path.startsWith(reserved) || (path + "/").startsWith(reserved)) {
                throw new InvalidValueException("path", Require.show(path), "a path outside the API's own " + reserved);
            }
        }
        if (path.equals("/")) {
            throw new InvalidValueException("path", Require.show(path), "a path other than / (the admin page's)");
        }
        Require.nonBlank("service", service);
        Require.nonBlank("function", function);
        role = role == null ? "write" : role.toLowerCase(Locale.ROOT);
        if (!Set.of("public", "read", "write").contains(role)) {
            throw new InvalidValueException("role", Require.show(role), "public, read or write");
        }
        timeout = Require.durationRange("timeout", timeout == null ? Duration.ofSeconds(10) : timeout,
                Duration.ofMillis(1), Duration.ofMinutes(10));
    }
}
