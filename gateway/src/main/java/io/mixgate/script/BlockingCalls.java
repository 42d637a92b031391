package io.mixgate.script;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Stops the time budget's clock while a callback waits on I/O: wraps the {@code mix} functions
 * that block ({@code mix.http.request}, {@code mix.mesh.publish}/{@code send},
 * {@code mix.queue.push}, {@code mix.candles.put}/{@code range}, the {@code command} method of {@code mix.redis.connection()} handles),
 * so a callback that waits seconds for its auth service is not aborted, while the same callback
 * computing for that long is. (Waiting is bounded by each helper's own timeout;
 * {@code conn:wait_context_value} is wrapped in {@link ConnectionLib}.)
 *
 * <p>Thread safety: the wrappers share the budget of their VM and run on the thread that owns it.
 */
final class BlockingCalls {

    private BlockingCalls() {
    }

    /** Wraps the functions above in {@code mix}, which has all its libraries installed. */
    static void exclude(LuaTable mix, CallBudget budget) {
        wrap(mix.get("http"), "request", budget);
        wrap(mix.get("mesh"), "publish", budget);
        wrap(mix.get("mesh"), "send", budget);
        wrap(mix.get("queue"), "push", budget);
        wrap(mix.get("candles"), "put", budget);
        wrap(mix.get("candles"), "range", budget);
        LuaValue redis = mix.get("redis");
        if (redis.istable()) {
            LuaValue connection = redis.get("connection");
            redis.set("connection", NamedFunction.of("connection", a -> {
                Varargs handle = connection.invoke(a);
                if (handle.arg1().istable()) {
                    wrap(handle.arg1(), "command", budget);
                }
                return handle;
            }));
        }
    }

    private static void wrap(LuaValue table, String name, CallBudget budget) {
        if (!table.istable()) {
            return;
        }
        LuaValue f = table.get(name);
        if (f.isfunction()) {
            ((LuaTable) table).set(name, NamedFunction.of(name, a -> budget.blocked(() -> f.invoke(a))));
        }
    }
}
