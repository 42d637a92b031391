package io.mixgate.script;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Lua 5.1 names that CONNMIX scripts may use, added on top of LuaJ's Lua 5.2 libraries:
 * {@code table.getn} (raw length), {@code table.maxn}, global {@code unpack}
 * (= {@code table.unpack}), {@code loadstring} (string chunks only; {@code nil, err} on a
 * syntax error), {@code math.mod} (= {@code math.fmod}), {@code math.log10} and
 * {@code string.gfind} (= {@code string.gmatch}).
 *
 * <p>{@code setfenv}/{@code getfenv} are deliberately absent: LuaJ has no function
 * environments to set, and faking them would hide rather than report the incompatibility.
 * Call {@link #install} after the standard libraries are loaded.
 *
 * <p>Thread safety: the installed functions keep no state.
 */
public final class Lua51Compat {

    private Lua51Compat() {
    }

    /** Adds the 5.1 names to {@code globals} and its {@code table}, {@code math} and {@code string} tables. */
    public static void install(Globals globals) {
        LuaTable table = globals.get("table").checktable();
        LuaTable math = globals.get("math").checktable();
        LuaTable string = globals.get("string").checktable();
        table.set("getn", NamedFunction.of("getn", a -> LuaValue.valueOf(a.checktable(1).rawlen())));
        table.set("maxn", NamedFunction.of("maxn", a -> LuaValue.valueOf(maxn(a.checktable(1)))));
        globals.set("unpack", table.get("unpack"));
        LuaValue load = globals.get("load");
        globals.set("loadstring", NamedFunction.of("loadstring", a -> {
            a.checkstring(1);
            return load.invoke(a);
        }));
        math.set("mod", math.get("fmod"));
        if (math.get("log10").isnil()) {
            math.set("log10", NamedFunction.of("log10", a -> LuaValue.valueOf(Math.log10(a.checkdouble(1)))));
        }
        string.set("gfind", string.get("gmatch"));
    }

    /** The largest positive number key, or 0 (Lua 5.1's {@code table.maxn}). */
    private static double maxn(LuaTable t) {
        double max = 0;
        for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
            if (e.arg1().type() == LuaValue.TNUMBER) {
                max = Math.max(max, e.arg1().todouble());
            }
        }
        return max;
    }
}
