package io.mixgate.script;

import java.util.List;
import java.util.Set;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * Takes away from a VM's standard library what a gateway script must not reach:
 * <ul>
 * <li>{@code io}, {@code luajava} and {@code debug} are read-only tables whose every field
 *     raises "… is not available in mixgate scripts" (only {@code debug.traceback}, used as an
 *     {@code xpcall} handler, is kept: it returns its message);</li>
 * <li>of {@code os} only {@code time}, {@code clock}, {@code date} and {@code difftime} remain;
 *     {@code os.execute}, {@code os.exit}, {@code os.getenv}, {@code os.remove},
 *     {@code os.rename}, {@code os.tmpname} and {@code os.setlocale} raise the same error;</li>
 * <li>{@code require} searches only {@code package.preload} and the version's scripts folder
 *     (LuaJ's Java-class searcher, which would instantiate any class on the classpath, is
 *     removed); {@code dofile}/{@code loadfile} see only the scripts folder (see
 *     {@link ChunkLoader});</li>
 * <li>{@code collectgarbage} never forces a JVM-wide garbage collection.</li>
 * </ul>
 *
 * <p>Thread safety: stateless; the functions it installs keep no state.
 */
final class LuaSandbox {
    private static final Set<String> OS_KEPT = Set.of("time", "clock", "date", "difftime");
    private static final List<String> OS_FORBIDDEN =
            List.of("execute", "exit", "getenv", "remove", "rename", "tmpname", "setlocale");

    private LuaSandbox() {
    }

    /** Applies the rules above to globals that have the standard libraries loaded. */
    static void apply(Globals g) {
        LuaTable os = g.get("os").checktable();
        for (LuaValue key = os.next(LuaValue.NIL).arg1(); !key.isnil(); key = os.next(key).arg1()) {
            if (!OS_KEPT.contains(key.tojstring())) {
                os.set(key, LuaValue.NIL);
            }
        }
        for (String name : OS_FORBIDDEN) {
            os.set(name, forbidden("os." + name));
        }
        // LuaJ's os.time answers fractional seconds (the current milliseconds, also left in a time
        // built from a table); Lua 5.1 and CONNMIX's gopher-lua answer whole seconds
        LuaValue time = os.get("time");
        os.set("time", NamedFunction.of("time", args -> {
            LuaValue t = time.call(args.arg1());
            return t.isnumber() ? LuaValue.valueOf(Math.floor(t.todouble())) : t;
        }));
        g.set("io", forbiddenLibrary("io", null, null));
        g.set("luajava", forbiddenLibrary("luajava", null, null));
        g.set("debug", forbiddenLibrary("debug", "traceback",
                NamedFunction.of("traceback", args -> args.arg1().isnil() ? LuaValue.valueOf("") : args.arg1())));
        LuaTable searchers = new LuaTable();
        searchers.set(1, g.package_.preload_searcher);
        searchers.set(2, g.package_.lua_searcher);
        g.get("package").set("searchers", searchers);
        g.get("package").set("loadlib", forbidden("package.loadlib"));
        g.set("collectgarbage", NamedFunction.of("collectgarbage", args -> {
            String opt = args.optjstring(1, "collect");
            if ("count".equals(opt)) {
                Runtime rt = Runtime.getRuntime();
                return LuaValue.valueOf((rt.totalMemory() - rt.freeMemory()) / 1024.0);
            }
            return LuaValue.valueOf(0);
        }));
    }

    private static LuaValue forbidden(String name) {
        return NamedFunction.of(name, args -> {
            throw new LuaError(notAvailable(name));
        });
    }

    private static String notAvailable(String name) {
        return name + " is not available in mixgate scripts (sandbox)";
    }

    /** A table whose fields all raise, except {@code keptName} (when not null). */
    private static LuaTable forbiddenLibrary(String library, String keptName, LuaValue kept) {
        ReadOnlyTable lib = new ReadOnlyTable("the " + library + " library");
        if (keptName != null) {
            lib.rawset(keptName, kept);
        }
        ReadOnlyTable meta = new ReadOnlyTable("the " + library + " library");
        meta.rawset(LuaValue.INDEX, new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue self, LuaValue key) {
                throw new LuaError(notAvailable(library + "." + key.tojstring()));
            }
        });
        meta.rawset(LuaValue.METATABLE, LuaValue.FALSE);
        lib.setmetatable(meta.freeze());
        return lib.freeze();
    }
}
