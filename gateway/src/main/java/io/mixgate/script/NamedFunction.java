package io.mixgate.script;

import java.util.function.Function;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Adapts a Java lambda to a named Lua function, so that library classes can declare their
 * functions as a list of {@code name -> body} pairs.
 *
 * <p>Thread safety: as safe as the body; the bodies in this package keep no state.
 */
final class NamedFunction extends VarArgFunction {

    private final Function<Varargs, Varargs> body;

    private NamedFunction(String name, Function<Varargs, Varargs> body) {
        this.name = name;
        this.body = body;
    }

    /** A function named {@code name} (as it appears in error messages) running {@code body}. */
    static NamedFunction of(String name, Function<Varargs, Varargs> body) {
        return new NamedFunction(name, body);
    }

    @Override
    public Varargs invoke(Varargs args) {
        return body.apply(args);
    }

    /** The {@code nil, message} pair that CONNMIX functions return on failure. */
    static Varargs failure(String message) {
        return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(message));
    }
}
