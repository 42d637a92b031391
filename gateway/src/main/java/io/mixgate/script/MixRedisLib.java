package io.mixgate.script;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code r, err = mix.redis.connection(name)} and {@code value, err = r:command("set", "k", "v")},
 * as CONNMIX. Replies map to Lua as: nil reply → nil; integer → number; bulk string → string
 * (bytes unchanged); status ("OK") → string; array → table 1..n (nil elements become
 * {@code false}, as Lua tables cannot hold nil); error reply, timeout or lost connection →
 * {@code nil, message}. The call waits on the callback's virtual thread, parking only it.
 *
 * <p>Thread safety: stateless apart from the thread-safe {@link ScriptRedis}.
 */
final class MixRedisLib {
    private MixRedisLib() {
    }

    static void install(LuaTable mix, ScriptRedis redis) {
        LuaTable table = new LuaTable();
        table.set("connection", NamedFunction.of("connection", args -> {
            String name = args.optjstring(1, "default");
            ScriptRedis.Connection connection = redis.connection(name);
            if (connection == null) {
                return NamedFunction.failure("no redis connection named " + name + " (configure redis.pools)");
            }
            return handle(connection);
        }));
        mix.set("redis", table);
    }

    private static LuaTable handle(ScriptRedis.Connection connection) {
        LuaTable r = new LuaTable();
        r.set("command", NamedFunction.of("command", args -> command(connection, args)));
        return r;
    }

    private static Varargs command(ScriptRedis.Connection connection, Varargs args) {
        // called as r:command(...): argument 1 is r itself
        if (args.narg() < 2) {
            return NamedFunction.failure("command: no command name given");
        }
        List<byte[]> words = new ArrayList<>();
        for (int i = 2; i <= args.narg(); i++) {
            LuaValue arg = args.arg(i);
            if (!arg.isstring()) {
                return NamedFunction.failure("command: argument " + (i - 1) + " is a " + arg.typename()
                        + " (expected: string or number)");
            }
            words.add(LuaText.bytes(arg.checkstring()));
        }
        try {
            return toLua(connection.command(words));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NamedFunction.failure("interrupted");
        } catch (Exception e) {
            String message = e.getMessage();
            return NamedFunction.failure(message == null || message.isBlank() ? e.getClass().getSimpleName() : message);
        }
    }

    private static LuaValue toLua(Object value) {
        if (value == null) {
            return LuaValue.NIL;
        }
        if (value instanceof byte[] bytes) {
            return LuaString.valueOf(bytes);
        }
        if (value instanceof String text) {
            return LuaString.valueOf(text.getBytes(StandardCharsets.UTF_8));
        }
        if (value instanceof Long n) {
            return LuaValue.valueOf(n.doubleValue());
        }
        if (value instanceof Number n) {
            return LuaValue.valueOf(n.doubleValue());
        }
        if (value instanceof Boolean b) {
            return LuaValue.valueOf(b);
        }
        if (value instanceof List<?> list) {
            LuaTable table = new LuaTable(list.size(), 0);
            for (int i = 0; i < list.size(); i++) {
                LuaValue element = toLua(list.get(i));
                table.set(i + 1, element.isnil() ? LuaValue.FALSE : element);
            }
            return table;
        }
        if (value instanceof Map<?, ?> map) {
            LuaTable table = new LuaTable();
            map.forEach((k, v) -> table.set(toLua(k), toLua(v)));
            return table;
        }
        return LuaValue.valueOf(value.toString());
    }
}
