package io.mixgate.transport.http;

import io.mixgate.http.PreparedRequest;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One request of an exchange: the first, or one that follows a redirect. Knows how it is written
 * on the wire and how a redirect changes it, following Go's client (and so CONNMIX).
 *
 * @param method  the method, upper case
 * @param uri     the absolute target
 * @param headers the caller's headers (validated when the {@link HttpRequest} was built); never Host or Content-Length
 * @param body    the body, or null for none; not copied, never modified
 */
record RequestHop(String method, URI uri, Map<String, List<String>> headers, byte[] body) {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    /** Go sends {@code Content-Length: 0} for these even without a body; some servers insist on it. */
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");
    /** Go drops credentials when a redirect leaves the host. */
    /** RFC 9110 §9.2.2: sending one of these twice has the effect of sending it once. */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");
    private static final Set<String> CREDENTIALS = Set.of("authorization", "cookie", "cookie2", "www-authenticate");

    static RequestHop of(PreparedRequest prepared) {
        HttpRequest request = prepared.request();
        return new RequestHop(request.method(), request.uri(), request.headers().map(), prepared.body());
    }

    String host() {
        return uri.getHost();
    }

    int port() {
        return uri.getPort() == -1 ? ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80) : uri.getPort();
    }

    /** Whether the request may be sent again after it may have reached the server. */
    boolean idempotent() {
        return IDEMPOTENT.contains(method);
    }

    boolean isPlainHttp() {
        return "http".equalsIgnoreCase(uri.getScheme());
    }

    /** The request as Netty writes it; the returned message owns a view of {@link #body}. */
    FullHttpRequest toNetty() {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), target,
                body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body), false);
        io.netty.handler.codec.http.HttpHeaders out = request.headers();
        out.set(HttpHeaderNames.HOST, uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
        headers.forEach(out::add);
        if (body != null || BODY_METHODS.contains(method)) {
            out.set(HttpHeaderNames.CONTENT_LENGTH, body == null ? 0 : body.length);
        }
        return request;
    }

    /** The same request for the JDK client, e.g. after a redirect to https; it follows further redirects itself. */
    PreparedRequest toJdk(Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
        headers.forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        return new PreparedRequest(builder.build(), body, timeout);
    }

    /**
     * The request a redirect response asks for, or null when {@code status} is no redirect this
     * client follows or {@code location} is missing or unusable (the response is then final).
     * 301, 302 and 303 turn into GET without a body (HEAD stays HEAD); 307 and 308 repeat the
     * method and body.
     */
    RequestHop redirect(int status, String location) {
        if (!REDIRECTS.contains(status) || location == null) {
            return null;
        }
        URI target;
        try {
            target = uri.resolve(location);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String scheme = target.getScheme();
        if (target.getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            return null;
        }
        boolean toGet = status <= 303 && !method.equals("HEAD");
        boolean sameHost = target.getHost().equalsIgnoreCase(uri.getHost());
        Map<String, List<String>> next = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            boolean dropped = (!sameHost && CREDENTIALS.contains(lower)) || (toGet && lower.equals("content-type"));
            if (!dropped) {
                next.put(name, values);
            }
        });
        return new RequestHop(toGet ? "GET" : method, withoutFragment(target), next, toGet ? null : body);
    }

    private static URI withoutFragment(URI target) {
        if (target.getRawFragment() == null) {
            return target;
        }
        String s = target.toString();
        return URI.create(s.substring(0, s.indexOf('#')));
    }
}
