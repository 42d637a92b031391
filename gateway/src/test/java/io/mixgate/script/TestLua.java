package io.mixgate.script;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.jse.JsePlatform;

/** Builds LuaJ globals with this package's libraries installed and runs Lua source in them. */
final class TestLua {

    private TestLua() {
    }

    static Globals globals() {
        Globals globals = JsePlatform.standardGlobals();
        LuaTable mix = new LuaTable();
        globals.set("mix", mix);
        MixCodecLib.install(mix);
        BitLib.install(globals);
        Lua51Compat.install(globals);
        return globals;
    }

    /** Runs a chunk in fresh globals and returns what it returns. */
    static Varargs run(String source) {
        return run(globals(), source);
    }

    static Varargs run(Globals globals, String source) {
        return globals.load(source, "test.lua").invoke();
    }
}
