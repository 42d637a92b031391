package io.mixgate.script;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The {@code svc} table a service's callbacks get: {@code svc.name},
 * {@code err = svc:subscribe(channel, ...)}, {@code err = svc:unsubscribe(channel, ...)},
 * {@code err = svc:consume_stream(key, {group=, consumer=, batch=})},
 * {@code err = svc:watch_interest(pattern)}. Each returns nil on success or a message; nothing
 * is done on failure. Stateless: the {@link ServiceScript.Actions} behind it are thread-safe.
 */
final class ServiceLib {
    private ServiceLib() {
    }

    static LuaTable table(String name, ServiceScript.Actions actions) {
        ReadOnlyTable svc = new ReadOnlyTable("svc");
        svc.set("name", name);
        svc.set("subscribe", NamedFunction.of("subscribe", args -> each(args, actions::subscribe)));
        svc.set("unsubscribe", NamedFunction.of("unsubscribe", args -> each(args, actions::unsubscribe)));
        svc.set("watch_interest", NamedFunction.of("watch_interest", args -> each(args, actions::watchInterest)));
        svc.set("consume_stream", NamedFunction.of("consume_stream", args -> {
            String key = args.checkjstring(2);
            LuaValue opts = args.arg(3);
            LuaTable o = opts.isnil() ? new LuaTable() : opts.checktable();
            String group = o.get("group").optjstring("mixgate");
            String consumer = o.get("consumer").optjstring(null);
            int batch = o.get("batch").optint(100);
            String err = actions.consumeStream(key, group, consumer, batch);
            return err == null ? LuaValue.NIL : LuaValue.valueOf(err);
        }));
        return svc.freeze();
    }

    private interface Action {
        String apply(String value);
    }

    private static Varargs each(Varargs args, Action action) {
        if (args.narg() < 2) {
            return LuaValue.valueOf("expected at least one channel or pattern (call with ':')");
        }
        for (int i = 2; i <= args.narg(); i++) {
            String err = action.apply(args.checkjstring(i));
            if (err != null) {
                return LuaValue.valueOf(err);
            }
        }
        return LuaValue.NIL;
    }
}
