package io.mixgate.script;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * The metatable of Lua strings, made safe to share. LuaJ keeps it in one static field for the
 * whole JVM ({@code LuaString.s_metatable}) and its {@code StringLib} points it at the
 * {@code string} table of whichever VM was built last, so one script writing
 * {@code string.upper = ...} or {@code getmetatable("").__index = ...} would change every
 * connection's strings. Here instead:
 * <ul>
 * <li>the metatable is one read-only table whose {@code __metatable} field is {@code false}, so
 *     {@code getmetatable("")} returns {@code false} and nothing can be written into it;</li>
 * <li>each VM gets its own copy of the {@code string} table; method calls on strings
 *     ({@code s:upper()}) look up the {@code string} table of the VM running on the current
 *     thread, so a script may add {@code string.trim} and call {@code s:trim()} in its own VM, as
 *     in CONNMIX, without any other VM seeing it.</li>
 * </ul>
 *
 * <p>Thread safety: the shared tables are read-only; the current VM's table is a thread-local,
 * inheritable because LuaJ runs each coroutine on a thread started by its first resumer. This is
 * the one piece of static state in the Lua runtime, forced by LuaJ's own static field.
 */
final class StringMetatable {
    private static final InheritableThreadLocal<LuaTable> CURRENT = new InheritableThreadLocal<>();
    private static final LuaTable PRISTINE = pristineFunctions();
    private static final LuaTable METATABLE = metatable();

    private StringMetatable() {
    }

    /** Gives {@code globals} its own {@code string} table and points the shared metatable here. */
    static LuaTable install(Globals globals) {
        LuaTable strings = new LuaTable();
        for (LuaValue k = PRISTINE.next(LuaValue.NIL).arg1(); !k.isnil(); k = PRISTINE.next(k).arg1()) {
            strings.rawset(k, PRISTINE.rawget(k));
        }
        globals.set("string", strings);
        globals.get("package").get("loaded").set("string", strings);
        LuaString.s_metatable = METATABLE;
        return strings;
    }

    /** Makes string methods on this thread resolve in {@code strings}, until {@link #leave()}. */
    static void enter(LuaTable strings) {
        CURRENT.set(strings);
    }

    static void leave() {
        CURRENT.remove();
    }

    private static LuaTable pristineFunctions() {
        Globals scratch = new Globals();
        LuaTable loaded = new LuaTable();
        LuaTable pkg = new LuaTable();
        pkg.set("loaded", loaded);
        scratch.set("package", pkg);
        scratch.load(new StringLib());
        LuaTable lib = scratch.get("string").checktable();
        ReadOnlyTable copy = new ReadOnlyTable("the string library");
        for (LuaValue k = lib.next(LuaValue.NIL).arg1(); !k.isnil(); k = lib.next(k).arg1()) {
            copy.rawset(k, lib.rawget(k));
        }
        return copy.freeze();
    }

    private static LuaTable metatable() {
        ReadOnlyTable meta = new ReadOnlyTable("the string metatable");
        meta.rawset(LuaValue.INDEX, new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue self, LuaValue key) {
                LuaTable strings = CURRENT.get();
                return (strings != null ? strings : PRISTINE).get(key);
            }
        });
        meta.rawset(LuaValue.METATABLE, LuaValue.FALSE);
        return meta.freeze();
    }
}
