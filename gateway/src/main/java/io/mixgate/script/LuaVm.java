package io.mixgate.script;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;

/**
 * One Lua state running one compiled script. Runs one callback at a time (LuaJ keeps call
 * state per globals): the pool hands it to one virtual thread for the length of a callback.
 * Module-level locals and globals therefore live per VM, as in CONNMIX; per-connection state
 * belongs in the connection context.
 */
final class LuaVm {
    private final Globals globals;
    private final CallScope scope;
    private final CompiledScript script;

    private LuaVm(Globals globals, CallScope scope, CompiledScript script) {
        this.globals = globals;
        this.scope = scope;
        this.script = script;
    }

    /** Builds globals and runs the script's main chunk (which defines the callbacks). */
    static LuaVm load(CompiledScript script, LuaGlobalsFactory factory) {
        CallScope scope = new CallScope(script.name());
        Globals globals = factory.create(scope);
        new LuaClosure(script.prototype(), globals).call();
        return new LuaVm(globals, scope, script);
    }

    /** The global function {@code name}, or null when the script does not define one. */
    LuaValue callback(String name) {
        LuaValue f = globals.get(name);
        return f.isfunction() ? f : null;
    }

    CallScope scope() {
        return scope;
    }

    CompiledScript script() {
        return script;
    }
}
