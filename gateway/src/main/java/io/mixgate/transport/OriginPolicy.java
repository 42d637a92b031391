package io.mixgate.transport;

import io.mixgate.config.OriginRule;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Which browser origins may open a WebSocket on a server: a request without an {@code Origin}
 * header (not a browser) always may; one whose origin has the request's own host and port
 * ({@code Host} header; without a port, the origin's scheme's default port) may; any other only
 * if a rule of {@code servers[].allowedOrigins} matches. Guards cookie-authenticated deployments
 * against cross-site WebSocket hijacking; it is no authentication (a non-browser client can send
 * any Origin).
 *
 * <p>Immutable and safe to share between threads. No Netty: tests call it directly.
 */
final class OriginPolicy {
    private final List<OriginRule> rules;

    OriginPolicy(List<OriginRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Whether a request with this {@code Origin} (null when absent) and {@code Host} (null when absent) may upgrade. */
    boolean allows(String origin, String host) {
        if (origin == null) {
            return true;
        }
        if (rules.contains(OriginRule.ANY)) {
            return true;
        }
        URI o = parse(origin.strip());
        if (o == null) {
            return false; // "null" (sandboxed pages, file:) and garbage: only "*" allows them
        }
        String scheme = o.getScheme().toLowerCase(Locale.ROOT);
        String originHost = o.getHost().toLowerCase(Locale.ROOT);
        if (host != null && sameHost(scheme, originHost, o.getPort(), host)) {
            return true;
        }
        for (OriginRule rule : rules) {
            if (rule.matches(scheme, originHost, o.getPort())) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameHost(String scheme, String originHost, int originPort, String hostHeader) {
        URI h = parse("http://" + hostHeader.strip());
        if (h == null || !h.getHost().toLowerCase(Locale.ROOT).equals(originHost)) {
            return false;
        }
        int originEffective = OriginRule.effectivePort(scheme, originPort);
        // Host without a port: the client used its scheme's default, which the origin must use too
        int hostEffective = h.getPort() != -1 ? h.getPort() : OriginRule.effectivePort(scheme, -1);
        return originEffective != -1 && originEffective == hostEffective;
    }

    /** scheme://host[:port] with nothing else, or null. */
    private static URI parse(String text) {
        try {
            URI uri = new URI(text);
            boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
            if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null || !bare
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
