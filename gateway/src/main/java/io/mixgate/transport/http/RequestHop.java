package io.mixgate.transport.http;

import io.mixgate.http.PreparedRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");
    private static final Set<String> CREDENTIALS = Set.of("authorization", "cookie", "cookie2", "www-authenticate");

    static RequestHop of(PreparedRequest prepared) {
        HttpRequest request = prepared.request();
        return new RequestHop(request.method(), request.uri(), request.headers().map(), prepared.body());
    }

    boolean isPlainHttp() {
        return "http".equalsIgnoreCase(uri.getScheme());
    }

    /** Whether sending this request twice has the effect of sending it once (RFC 9110 §9.2.2). */
    boolean idempotent() {
        return IDEMPOTENT.contains(method);
    }

    /**
     * Replaces the headers the client would send by this hop's: the caller's headers, and
     * {@code Content-Length} for a body or a method that carries one. Host comes from the URI, as
     * the client sets it; no User-Agent unless the caller gave one (Go's client sends its own,
     * gluahttp's scripts never relied on it, and the old client sent none).
     */
    void writeHeaders(HttpHeaders out) {
        out.remove(HttpHeaderNames.USER_AGENT);
        out.remove(HttpHeaderNames.CONTENT_LENGTH);
        out.remove(HttpHeaderNames.TRANSFER_ENCODING);
        headers.forEach(out::add);
        if (body != null || BODY_METHODS.contains(method)) {
            out.set(HttpHeaderNames.CONTENT_LENGTH, body == null ? 0 : body.length);
        }
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
            String lower = name.toLowerCase(Locale.ROOT);
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
