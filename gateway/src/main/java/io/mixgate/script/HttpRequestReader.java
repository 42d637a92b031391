package io.mixgate.script;

import io.mixgate.http.PreparedRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import io.mixgate.config.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Turns the Lua arguments of {@code mix.http.request(method, url[, opts])} into an
 * {@link PreparedRequest}: the {@link HttpRequest}, its body bytes and the deadline for the whole exchange.
 *
 * <p>Two kinds of mistakes are told apart: a wrong Lua <em>type</em> is a programming error and
 * raises a {@link LuaError} ("bad argument #3 to 'request' (...)"), while a wrong <em>value</em>
 * (bad URL, bad duration, unknown option, forbidden header) is reported as
 * {@link InvalidRequestException} so the script receives {@code nil, err} like any other failure.
 *
 * <p>Immutable; safe for use from any thread.
 */
final class HttpRequestReader {

    /** The arguments have the right types but cannot make a request; the message is for the script. */
    static final class InvalidRequestException extends Exception {
        InvalidRequestException(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code form} is gluahttp's deprecated spelling of a form-encoded body; kept so ported scripts work. */
    private static final Set<String> OPTIONS = Set.of("query", "cookies", "body", "form", "headers", "timeout", "auth");
    private static final String UNRESERVED =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    private static final String QUERY_SAFE = UNRESERVED + "!$&'()*+,;=:@/?";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final Duration defaultTimeout;

    HttpRequestReader(Duration defaultTimeout) {
        this.defaultTimeout = defaultTimeout;
    }

    PreparedRequest read(Varargs args) throws InvalidRequestException {
        String method = string(args.arg(1), 1, "method").tojstring().toUpperCase(Locale.ROOT);
        String url = string(args.arg(2), 2, "url").tojstring();
        LuaTable opts = args.arg(3).isnil() ? new LuaTable() : table(args.arg(3), "opts");
        for (LuaValue key : opts.keys()) {
            if (!key.isstring() || !OPTIONS.contains(key.tojstring())) {
                throw new InvalidRequestException("unknown option: " + key.tojstring());
            }
        }
        Duration timeout = timeout(opts.rawget("timeout"));
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(url, opts.rawget("query"))).timeout(timeout);
        LuaValue body = opts.rawget("body");
        boolean form = body.isnil() && !opts.rawget("form").isnil();
        if (form) {
            body = opts.rawget("form");
            builder.setHeader("Content-Type", "application/x-www-form-urlencoded");
        }
        byte[] bodyBytes = body.isnil() ? null : bytes(string(body, 3, form ? "opts.form" : "opts.body"));
        try {
            builder.method(method, bodyBytes == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(bodyBytes));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("invalid method: " + method);
        }
        cookies(builder, opts.rawget("cookies"));
        auth(builder, opts.rawget("auth"));
        headers(builder, opts.rawget("headers")); // last, so explicit headers win, as in gluahttp
        return new PreparedRequest(builder.build(), bodyBytes, timeout);
    }

    private static URI uri(String url, LuaValue query) throws InvalidRequestException {
        URI base;
        try {
            base = new URI(url);
        } catch (URISyntaxException e) {
            throw invalidUrl(url);
        }
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || base.getHost() == null) {
            throw invalidUrl(url);
        }
        String target = url.indexOf('#') < 0 ? url : url.substring(0, url.indexOf('#')); // never sent
        String encoded = query(query);
        if (!encoded.isEmpty()) {
            String rawQuery = base.getRawQuery();
            target += (rawQuery == null ? "?" : rawQuery.isEmpty() ? "" : "&") + encoded;
        }
        try {
            return new URI(target);
        } catch (URISyntaxException e) {
            throw new InvalidRequestException("invalid query: " + encoded);
        }
    }

    /** A string is taken as already encoded (only characters illegal in a query are escaped). */
    private static String query(LuaValue query) {
        if (query.isnil()) {
            return "";
        }
        if (query.isstring()) {
            return escape(query.checkstring(), QUERY_SAFE, true);
        }
        StringJoiner out = new StringJoiner("&");
        for (Map.Entry<String, List<LuaString>> e : sortedPairs(table(query, "opts.query"), "opts.query").entrySet()) {
            for (LuaString value : e.getValue()) {
                out.add(escape(LuaValue.valueOf(e.getKey()), UNRESERVED, false) + "=" + escape(value, UNRESERVED, false));
            }
        }
        return out.toString();
    }

    private static Map<String, List<LuaString>> sortedPairs(LuaTable table, String what) {
        Map<String, List<LuaString>> pairs = new TreeMap<>();
        for (LuaValue key : table.keys()) {
            String name = string(key, 3, what + " key").tojstring();
            LuaValue value = table.rawget(key);
            List<LuaString> values = new ArrayList<>();
            if (value.istable()) { // {id = {"1", "2"}} becomes id=1&id=2
                for (int i = 1; i <= value.length(); i++) {
                    values.add(string(value.rawget(i), 3, what + "." + name + "[" + i + "]"));
                }
            } else {
                values.add(string(value, 3, what + "." + name));
            }
            pairs.put(name, values);
        }
        return pairs;
    }

    private Duration timeout(LuaValue value) throws InvalidRequestException {
        Duration timeout;
        if (value.isnil()) {
            return defaultTimeout;
        } else if (value.type() == LuaValue.TNUMBER) {
            double seconds = value.todouble();
            if (!(seconds > 0 && seconds * 1e9 < Long.MAX_VALUE)) {
                throw invalidTimeout(value.tojstring(), "expected a positive number of seconds");
            }
            timeout = Duration.ofNanos((long) (seconds * 1e9));
        } else if (value.type() == LuaValue.TSTRING) {
            try {
                timeout = GoDuration.parse(value.tojstring());
            } catch (IllegalArgumentException e) {
                throw invalidTimeout(value.tojstring(), e.getMessage());
            }
        } else {
            throw typeError(3, "opts.timeout", "number or string", value);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw invalidTimeout(value.tojstring(), "expected a positive duration");
        }
        return timeout;
    }

    private static void cookies(HttpRequest.Builder builder, LuaValue cookies) {
        if (cookies.isnil()) {
            return;
        }
        StringJoiner header = new StringJoiner("; ");
        sortedPairs(table(cookies, "opts.cookies"), "opts.cookies")
                .forEach((name, values) -> values.forEach(v -> header.add(name + "=" + v.tojstring())));
        if (header.length() > 0) {
            builder.setHeader("Cookie", header.toString());
        }
    }

    private static void auth(HttpRequest.Builder builder, LuaValue auth) {
        if (auth.isnil()) {
            return;
        }
        LuaTable credentials = table(auth, "opts.auth");
        LuaString username = string(credentials.rawget("username"), 3, "opts.auth.username");
        LuaValue password = credentials.rawget("password");
        LuaString secret = password.isnil() ? LuaValue.valueOf("") : string(password, 3, "opts.auth.password");
        byte[] pair = bytes(username.concat(LuaValue.valueOf(":")).concat(secret).checkstring());
        builder.setHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair));
    }

    private static void headers(HttpRequest.Builder builder, LuaValue headers) throws InvalidRequestException {
        if (headers.isnil()) {
            return;
        }
        LuaTable table = table(headers, "opts.headers");
        for (LuaValue key : table.keys()) {
            String name = string(key, 3, "opts.headers key").tojstring();
            String value = string(table.rawget(key), 3, "opts.headers." + name).tojstring();
            if (name.equalsIgnoreCase("Content-Length")) {
                continue; // always derived from the body, as Go does
            }
            try {
                builder.setHeader(name, value);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("invalid header " + name + ": " + e.getMessage());
            }
        }
    }

    /** Percent-encodes every byte outside {@code safe}; {@code keepEscapes} leaves valid %XX alone. */
    private static String escape(LuaString s, String safe, boolean keepEscapes) {
        StringBuilder out = new StringBuilder(s.rawlen());
        for (int i = 0; i < s.rawlen(); i++) {
            int b = s.luaByte(i);
            boolean escapeSequence = keepEscapes && b == '%' && i + 2 < s.rawlen()
                    && isHex(s.luaByte(i + 1)) && isHex(s.luaByte(i + 2));
            if ((b < 128 && safe.indexOf(b) >= 0) || escapeSequence) {
                out.append((char) b);
            } else {
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 15]);
            }
        }
        return out.toString();
    }

    private static boolean isHex(int b) {
        return Character.digit(b, 16) >= 0;
    }

    private static byte[] bytes(LuaString s) {
        byte[] bytes = new byte[s.rawlen()];
        s.copyInto(0, bytes, 0, bytes.length);
        return bytes;
    }

    private static LuaString string(LuaValue value, int arg, String what) {
        if (!value.isstring()) {
            throw typeError(arg, what, "string", value);
        }
        return value.checkstring();
    }

    private static LuaTable table(LuaValue value, String what) {
        if (!value.istable()) {
            throw typeError(3, what, "table", value);
        }
        return value.checktable();
    }

    private static LuaError typeError(int arg, String what, String expected, LuaValue got) {
        return new LuaError("bad argument #" + arg + " to 'request' (" + what + ": " + expected
                + " expected, got " + got.typename() + ")");
    }

    private static InvalidRequestException invalidUrl(String url) {
        return new InvalidRequestException("invalid url: \"" + url + "\" (expected an absolute http or https URL)");
    }

    private static InvalidRequestException invalidTimeout(String value, String problem) {
        return new InvalidRequestException("invalid timeout: " + value + " (" + problem + ")");
    }
}
