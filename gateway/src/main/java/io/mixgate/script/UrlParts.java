package io.mixgate.script;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A URL split into the fields of Go's {@code net/url.URL}, parsed with Go's rules, because
 * CONNMIX's {@code mix.parse_url} returns those fields. Strings here hold one byte per char
 * (ISO-8859-1), so percent-decoding yields exactly the bytes a Lua string should hold.
 *
 * <p>Thread safety: immutable.
 *
 * @param port the port after the host, without the colon, or empty (Go's {@code URL.Port()})
 */
record UrlParts(String scheme, String opaque, String user, String host, String port,
                String path, String rawPath, boolean forceQuery, String rawQuery,
                String fragment, String rawFragment) {

    private enum Mode { PATH, FRAGMENT, QUERY_COMPONENT, USER_PASSWORD, HOST }

    /** A bare query string such as {@code a=1&b=2}, with every other field empty. */
    static UrlParts ofQuery(String rawQuery) {
        return new UrlParts("", "", "", "", "", "", "", false, rawQuery, "", "");
    }

    /**
     * True for input that Go would read as a relative path but that is evidently a query
     * string: it has an {@code =} and no {@code ?}, {@code #}, {@code ://} or leading {@code /}.
     */
    static boolean isBareQuery(String raw) {
        return raw.indexOf('=') >= 0 && raw.indexOf('?') < 0 && raw.indexOf('#') < 0
                && !raw.contains("://") && !raw.startsWith("/");
    }

    /**
     * Parses like Go's {@code url.Parse}.
     *
     * @throws IllegalArgumentException with Go's message, e.g. {@code parse "%zz": invalid URL escape "%zz"}
     */
    static UrlParts parse(String raw) {
        try {
            return parseUnwrapped(raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parse " + quote(raw) + ": " + e.getMessage(), e);
        }
    }

    /** The query parameters, first value per name, skipping malformed pairs (Go's {@code URL.Query()}). */
    Map<String, String> query() {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty() || pair.indexOf(';') >= 0) {
                continue; // Go 1.17+ rejects ';' separators
            }
            int eq = pair.indexOf('=');
            try {
                String key = unescape(eq < 0 ? pair : pair.substring(0, eq), Mode.QUERY_COMPONENT);
                String value = eq < 0 ? "" : unescape(pair.substring(eq + 1), Mode.QUERY_COMPONENT);
                params.putIfAbsent(key, value);
            } catch (IllegalArgumentException e) {
                // Go's URL.Query() drops pairs with bad escapes
            }
        }
        return params;
    }

    private static UrlParts parseUnwrapped(String raw) {
        int hash = raw.indexOf('#');
        String rest = hash < 0 ? raw : raw.substring(0, hash);
        String rawFrag = hash < 0 ? "" : raw.substring(hash + 1);
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c < ' ' || c == 0x7f) {
                throw new IllegalArgumentException("net/url: invalid control character in URL");
            }
        }
        String fragment = unescape(rawFrag, Mode.FRAGMENT);
        String rawFragment = escape(fragment, Mode.FRAGMENT).equals(rawFrag) ? "" : rawFrag;
        if (rest.equals("*")) {
            return new UrlParts("", "", "", "", "", "*", "", false, "", fragment, rawFragment);
        }
        String scheme = "";
        int colon = schemeEnd(rest);
        if (colon == 0) {
            throw new IllegalArgumentException("missing protocol scheme");
        } else if (colon > 0) {
            scheme = rest.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
            rest = rest.substring(colon + 1);
        }
        boolean forceQuery = false;
        String rawQuery = "";
        int question = rest.indexOf('?');
        if (question == rest.length() - 1 && question >= 0) {
            forceQuery = true;
            rest = rest.substring(0, question);
        } else if (question >= 0) {
            rawQuery = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        if (!rest.startsWith("/")) {
            if (!scheme.isEmpty()) {
                return new UrlParts(scheme, rest, "", "", "", "", "", forceQuery, rawQuery, fragment, rawFragment);
            }
            int slash = rest.indexOf('/');
            if ((slash < 0 ? rest : rest.substring(0, slash)).indexOf(':') >= 0) {
                throw new IllegalArgumentException("first path segment in URL cannot contain colon");
            }
        }
        String user = "";
        String host = "";
        if ((!scheme.isEmpty() || !rest.startsWith("///")) && rest.startsWith("//")) {
            String authority = rest.substring(2);
            int slash = authority.indexOf('/');
            rest = slash < 0 ? "" : authority.substring(slash);
            authority = slash < 0 ? authority : authority.substring(0, slash);
            int at = authority.lastIndexOf('@');
            host = parseHost(authority.substring(at + 1));
            if (at >= 0) {
                user = authority.substring(0, at);
                if (!user.chars().allMatch(UrlParts::isUserinfoChar)) {
                    throw new IllegalArgumentException("net/url: invalid userinfo");
                }
                unescape(user, Mode.USER_PASSWORD); // validates escapes; the field keeps the escaped form
            }
        }
        String path = unescape(rest, Mode.PATH);
        String rawPath = escape(path, Mode.PATH).equals(rest) ? "" : rest;
        return new UrlParts(scheme, "", user, host, portOf(host), path, rawPath, forceQuery, rawQuery,
                fragment, rawFragment);
    }

    /** Index of the colon ending a scheme, 0 for a leading colon, -1 when there is no scheme. */
    private static int schemeEnd(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                continue;
            }
            if (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
                if (i == 0) {
                    return -1;
                }
                continue;
            }
            return c == ':' ? i : -1;
        }
        return -1;
    }

    private static String parseHost(String host) {
        String colonPort = "";
        if (host.startsWith("[")) {
            int close = host.lastIndexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' in host");
            }
            colonPort = host.substring(close + 1);
        } else if (host.lastIndexOf(':') >= 0) {
            colonPort = host.substring(host.lastIndexOf(':'));
        }
        if (!colonPort.isEmpty() && !(colonPort.startsWith(":") && colonPort.substring(1).chars().allMatch(Character::isDigit))) {
            throw new IllegalArgumentException("invalid port " + quote(colonPort) + " after host");
        }
        return unescape(host, Mode.HOST);
    }

    private static String portOf(String host) {
        int close = host.indexOf("]:");
        if (close >= 0) {
            return host.substring(close + 2);
        }
        int colon = host.indexOf(':');
        return colon < 0 || host.contains("]") ? "" : host.substring(colon + 1);
    }

    private static String unescape(String s, Mode mode) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("invalid URL escape " + quote(s.substring(i, Math.min(i + 3, s.length()))));
                }
                out.append((char) Integer.parseInt(s, i + 1, i + 3, 16));
                i += 2;
            } else if (c == '+' && mode == Mode.QUERY_COMPONENT) {
                out.append(' ');
            } else if (mode == Mode.HOST && c < 0x80 && shouldEscape(c, mode)) {
                throw new IllegalArgumentException("invalid character " + quote(String.valueOf(c)) + " in host name");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String escape(String s, Mode mode) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (shouldEscape(c, mode)) {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean shouldEscape(char c, Mode mode) {
        if (c < 0x80 && Character.isLetterOrDigit(c) || "-_.~".indexOf(c) >= 0) {
            return false;
        }
        if (mode == Mode.HOST) {
            return "!$&'()*+,;=:[]<>\"".indexOf(c) < 0;
        }
        if ("$&+,/:;=?@".indexOf(c) >= 0) {
            return switch (mode) {
                case PATH -> c == '?';
                case FRAGMENT -> false;
                case USER_PASSWORD -> c == '@' || c == '/' || c == '?' || c == ':';
                default -> true;
            };
        }
        return !(mode == Mode.FRAGMENT && "!()*".indexOf(c) >= 0);
    }

    private static boolean isUserinfoChar(int c) {
        return c < 0x80 && Character.isLetterOrDigit(c) || "-._:~!$&'()*+,;=%@".indexOf(c) >= 0;
    }

    /** Go's {@code %q} for the ASCII range; other bytes pass through. */
    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < ' ' || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
