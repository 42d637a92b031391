package io.mixgate.script;

import io.mixgate.api.ScriptRoutes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * A route function's request as Lua sees it and its answer as the API sends it:
 * {@code req = {method, path, params, query, headers, body}}; the function returns
 * {@code status, body[, headers]}: a table body is sent as JSON ({@code application/json}), a
 * string as it is ({@code text/plain; charset=utf-8} unless {@code headers} set
 * {@code Content-Type}), nil as an empty body. Stateless.
 */
final class ServiceRouteCall {
    private ServiceRouteCall() {
    }

    static LuaTable toLua(ScriptRoutes.Request request) {
        LuaTable req = new LuaTable();
        req.set("method", request.method());
        req.set("path", request.path());
        req.set("params", table(request.params()));
        req.set("query", table(request.query()));
        req.set("headers", table(request.headers()));
        req.set("body", LuaString.valueUsing(request.body()));
        return req;
    }

    private static LuaTable table(Map<String, String> map) {
        LuaTable t = new LuaTable();
        map.forEach(t::set);
        return t;
    }

    /**
     * @throws ScriptRoutes.RouteFailedException when the function is missing, failed, or answered
     *         something that is not {@code status, body[, headers]}
     */
    static ScriptRoutes.Response reply(String function, ServiceScript.Outcome out) {
        if (out.missing()) {
            throw new ScriptRoutes.RouteFailedException("route function " + function + " is not defined by the service");
        }
        if (out.error() != null) {
            throw new ScriptRoutes.RouteFailedException("route function " + function + " failed: " + out.error());
        }
        LuaValue status = out.values().arg(1);
        if (!status.isinttype() || status.toint() < 100 || status.toint() > 599) {
            throw new ScriptRoutes.RouteFailedException("route function " + function
                    + " returned status " + status.tojstring() + " (expected: an integer 100..599)");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        LuaValue h = out.values().arg(3);
        if (h.istable()) {
            LuaTable t = h.checktable();
            for (LuaValue k = t.next(LuaValue.NIL).arg1(); !k.isnil(); k = t.next(k).arg1()) {
                headers.put(k.tojstring(), t.get(k).tojstring());
            }
        }
        LuaValue body = out.values().arg(2);
        byte[] bytes;
        String type;
        if (body.istable()) {
            try {
                bytes = LuaJson.encode(body).getBytes(StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new ScriptRoutes.RouteFailedException("route function " + function
                        + " returned a body that is not JSON: " + e.getMessage());
            }
            type = "application/json";
        } else if (body.isnil()) {
            bytes = new byte[0];
            type = "text/plain; charset=utf-8";
        } else if (body.isstring()) {
            bytes = LuaText.bytes(body.checkstring());
            type = "text/plain; charset=utf-8";
        } else {
            throw new ScriptRoutes.RouteFailedException("route function " + function + " returned a " + body.typename()
                    + " body (expected: a string, a table or nil)");
        }
        if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Type"))) {
            headers.put("Content-Type", type);
        }
        return new ScriptRoutes.Response(status.toint(), bytes, headers);
    }
}
