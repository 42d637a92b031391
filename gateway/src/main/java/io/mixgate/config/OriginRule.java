package io.mixgate.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of {@code servers[].allowedOrigins}: {@code *} (any origin), an exact origin
 * ({@code https://app.example.com}, {@code http://localhost:8080}) or a subdomain pattern
 * ({@code https://*.example.com}: any host ending in {@code .example.com}, not
 * {@code example.com} itself). Scheme and host compare case-insensitively; a rule without a
 * port matches the scheme's default port only ({@code 80} for http/ws, {@code 443} for
 * https/wss), as the browser's Origin header leaves it out.
 *
 * <p>Immutable and safe to share between threads.
 *
 * @param scheme  lower-case scheme, or {@code null} for {@code *}
 * @param host    lower-case host without the {@code *.} of a pattern
 * @param subdomains whether the rule is a {@code *.} pattern
 * @param port    the port, or {@code -1} for the scheme's default
 */
public record OriginRule(String scheme, String host, boolean subdomains, int port) {

    /** What an entry may look like, for error messages. */
    static final String EXPECTED = "\"*\", an origin such as \"https://app.example.com\" or \"http://localhost:8080\","
            + " or a pattern such as \"https://*.example.com\"";

    private static final Pattern SYNTAX = Pattern.compile(
            "([a-z][a-z0-9+.-]*)://(\\*\\.)?(\\[[0-9a-f:.]+\\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(?::([0-9]{1,5}))?");

    /** The rule that allows every origin. */
    public static final OriginRule ANY = new OriginRule(null, null, false, -1);

    /** Parses one entry; {@code key} names it in the error ({@code allowedOrigins[2]}). */
    static OriginRule parse(String key, String entry) {
        if ("*".equals(entry)) {
            return ANY;
        }
        Matcher m = entry == null ? null : SYNTAX.matcher(entry.toLowerCase(Locale.ROOT));
        if (m == null || !m.matches()) {
            throw new InvalidValueException(key, Require.show(entry), EXPECTED);
        }
        int port = m.group(5) == null ? -1 : Integer.parseInt(m.group(5));
        if (port == 0 || port > 65535) {
            throw new InvalidValueException(key, Require.show(entry), "a port of 1..65535");
        }
        return new OriginRule(m.group(1), m.group(3), m.group(2) != null, port);
    }

    /** Whether an Origin with these parts (lower-case; port {@code -1} when absent) is allowed by this rule. */
    public boolean matches(String originScheme, String originHost, int originPort) {
        if (this == ANY || scheme == null) {
            return true;
        }
        if (!scheme.equals(originScheme) || effectivePort(scheme, port) != effectivePort(originScheme, originPort)) {
            return false;
        }
        return subdomains ? originHost.endsWith("." + host) : originHost.equals(host);
    }

    /** {@code port}, or the default port of {@code scheme} when it is {@code -1} (or -1 for an unknown scheme). */
    public static int effectivePort(String scheme, int port) {
        if (port != -1) {
            return port;
        }
        return switch (scheme) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -1;
        };
    }
}
