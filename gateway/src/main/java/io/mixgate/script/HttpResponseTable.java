package io.mixgate.script;

import io.mixgate.http.ScriptHttpResponse;
import io.mixgate.session.HeaderNames;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * Builds the gluahttp-shaped Lua table that {@code mix.http.request} returns:
 * {@code body, body_size, headers, cookies, status_code, url}.
 *
 * <p>Header names are canonicalised the way Go's {@code textproto.CanonicalMIMEHeaderKey} does
 * ({@code content-type} becomes {@code Content-Type}) so scripts written for CONNMIX find them
 * under the same keys; repeated headers are joined with {@code ", "}. Cookies come from the final
 * response's {@code Set-Cookie} headers, name to value, the last one winning.
 *
 * <p>Stateless; safe for use from any thread. The returned table owns the response body array.
 */
final class HttpResponseTable {

    private HttpResponseTable() {
    }

    static LuaTable of(ScriptHttpResponse response) {
        byte[] body = response.body();
        LuaTable table = new LuaTable();
        table.set("body", LuaString.valueUsing(body));
        table.set("body_size", body.length);
        table.set("headers", headers(response.headers()));
        table.set("cookies", cookies(response.headers().allValues("Set-Cookie")));
        table.set("status_code", response.status());
        table.set("url", response.uri().toString());
        return table;
    }

    private static LuaTable headers(HttpHeaders headers) {
        LuaTable table = new LuaTable();
        for (Map.Entry<String, List<String>> header : headers.map().entrySet()) {
            if (!header.getKey().startsWith(":")) { // HTTP/2 pseudo-headers are not headers
                table.set(HeaderNames.canonical(header.getKey()), String.join(", ", header.getValue()));
            }
        }
        return table;
    }

    private static LuaTable cookies(List<String> setCookies) {
        LuaTable table = new LuaTable();
        for (String setCookie : setCookies) {
            String pair = setCookie.split(";", 2)[0];
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                continue; // Go drops cookies without a name too
            }
            String name = pair.substring(0, equals).trim();
            String value = pair.substring(equals + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (!name.isEmpty()) {
                table.set(name, LuaValue.valueOf(value));
            }
        }
        return table;
    }
}
