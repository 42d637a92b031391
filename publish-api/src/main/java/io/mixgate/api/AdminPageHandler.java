package io.mixgate.api;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The admin page: a few static files (HTML, JavaScript, CSS) read from the jar once, served under
 * {@link #PREFIX}; the page itself calls the API from the browser, so it sees and does only what
 * the browser's credentials allow. {@code /admin} and {@code /} redirect to {@code /admin/}.
 *
 * <p>Every file is sent with a Content-Security-Policy that allows scripts, styles and requests
 * to this origin only (no inline script, no other site) and forbids framing (no clickjacking of
 * the close and reload buttons).
 *
 * <p>Thread safety: immutable after construction; one instance serves every request.
 */
final class AdminPageHandler implements HttpHandler {
    static final String PREFIX = "/admin/";
    private static final String RESOURCES = "/io/mixgate/api/admin/";
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "admin.js", "text/javascript; charset=utf-8",
            "admin.css", "text/css; charset=utf-8");
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Map<String, byte[]> bodies;
    private final ApiReplies replies;

    AdminPageHandler(ApiReplies replies) {
        this.replies = replies;
        this.bodies = Map.of("index.html", read("index.html"), "admin.js", read("admin.js"), "admin.css", read("admin.css"));
    }

    private static byte[] read(String name) {
        try (InputStream in = AdminPageHandler.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("the admin page file " + RESOURCES + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        if (!path.startsWith(PREFIX)) {
            exchange.setStatusCode(302);
            exchange.getResponseHeaders().put(Headers.LOCATION, PREFIX);
            exchange.endExchange();
            return;
        }
        String name = path.substring(PREFIX.length());
        if (name.isEmpty()) {
            name = "index.html";
        }
        byte[] body = bodies.get(name);
        if (body == null) {
            replies.error(exchange, 404, ApiError.INVALID_ARGUMENT, "unknown path " + path, null);
            return;
        }
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, FILES.get(name))
                .put(Headers.CACHE_CONTROL, "no-cache")
                .put(new HttpString("Content-Security-Policy"), POLICY)
                .put(new HttpString("X-Content-Type-Options"), "nosniff")
                .put(new HttpString("X-Frame-Options"), "DENY")
                .put(new HttpString("Referrer-Policy"), "no-referrer");
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }
}
