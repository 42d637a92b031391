package io.mixgate.script;

import io.mixgate.upstream.UpstreamLink;
import io.mixgate.upstream.UpstreamRequestException;
import java.time.Duration;
import java.util.List;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The {@code up} table a provider script's callbacks get: {@code up.upstream}, {@code up.connection},
 * {@code up:subscriptions()}, {@code err = up:send(msg)}, {@code reply, err = up:request(msg,
 * {id_field=, timeout=})}, {@code up:ack(sub)}, {@code up:fail(sub, err)}, {@code up:get(key)} /
 * {@code up:set(key, value)} (string values kept per connection, at most 1000, cleared when it
 * reopens: VMs are pooled, so Lua globals are not per connection), {@code up:reconnect(why)}. A table message is sent
 * as JSON, a string verbatim. {@code up:request} blocks the callback (its time budget paused) until
 * the reply, the timeout (seconds; default {@code upstreams[].requestTimeout}), or the connection
 * closes; the reply is decoded when it is JSON. Built per callback; not shared.
 */
final class UpTable {
    private UpTable() {
    }

    static LuaTable of(UpstreamLink up, CallBudget budget) {
        LuaTable t = new LuaTable();
        t.set("upstream", up.upstream());
        t.set("connection", up.connection());
        t.set("subscriptions", NamedFunction.of("subscriptions", a -> {
            LuaTable list = new LuaTable();
            List<String> subs = up.subscriptions();
            for (int i = 0; i < subs.size(); i++) {
                list.set(i + 1, LuaValue.valueOf(subs.get(i)));
            }
            return list;
        }));
        t.set("send", NamedFunction.of("send", a -> {
            String frame = text(a.arg(2));
            String err = budget.blocked(() -> up.send(frame));
            return err == null ? LuaValue.NIL : LuaValue.valueOf(err);
        }));
        t.set("request", NamedFunction.of("request", a -> budget.blocked(() -> request(up, a.arg(2), a.arg(3)))));
        t.set("ack", NamedFunction.of("ack", a -> {
            up.acknowledged(a.checkjstring(2));
            return LuaValue.NONE;
        }));
        t.set("fail", NamedFunction.of("fail", a -> {
            up.refused(a.checkjstring(2), a.optjstring(3, "refused by the provider"));
            return LuaValue.NONE;
        }));
        t.set("get", NamedFunction.of("get", a -> {
            String value = up.get(a.checkjstring(2));
            return value == null ? LuaValue.NIL : LuaValue.valueOf(value);
        }));
        t.set("set", NamedFunction.of("set", a -> {
            up.set(a.checkjstring(2), a.arg(3).isnil() ? null : a.checkjstring(3));
            return LuaValue.NONE;
        }));
        t.set("reconnect", NamedFunction.of("reconnect", a -> {
            up.reconnect(a.optjstring(2, "reconnect asked by the script"));
            return LuaValue.NONE;
        }));
        return t;
    }

    private static org.luaj.vm2.Varargs request(UpstreamLink up, LuaValue msg, LuaValue opts) {
        if (!msg.istable()) {
            return NamedFunction.failure("up:request needs a table message (its id field is matched)");
        }
        String idField = opts.istable() && opts.get("id_field").isstring() ? opts.get("id_field").tojstring() : "id";
        LuaValue id = msg.get(idField);
        if (id.isnil()) {
            return NamedFunction.failure("the message has no " + idField + " field to match the reply by");
        }
        Duration timeout = opts.istable() && opts.get("timeout").isnumber()
                ? Duration.ofNanos((long) (opts.get("timeout").todouble() * 1e9)) : null;
        try {
            String reply = up.request(LuaJson.encode(msg), idField, idText(id), timeout);
            try {
                return LuaJson.decode(reply);
            } catch (IllegalArgumentException e) {
                return LuaValue.valueOf(reply);
            }
        } catch (UpstreamRequestException e) {
            return NamedFunction.failure(e.getMessage());
        }
    }

    /** How an id looks in JSON text and in a reply: integers without ".0". */
    static String idText(LuaValue id) {
        if (id.isinttype() || (id.isnumber() && id.todouble() == Math.rint(id.todouble()))) {
            return Long.toString(id.tolong());
        }
        return id.tojstring();
    }

    private static String text(LuaValue msg) {
        return msg.istable() ? LuaJson.encode(msg) : msg.checkjstring();
    }
}
