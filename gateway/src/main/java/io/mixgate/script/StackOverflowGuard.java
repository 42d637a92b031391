package io.mixgate.script;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Makes a Lua stack overflow an ordinary Lua error, as in Lua 5.1:
 * {@code pcall(function f() return f() + 1 end)} returns {@code false, "stack overflow"}.
 * LuaJ runs Lua calls on the Java stack, so deep recursion ends in a {@link StackOverflowError},
 * which LuaJ's {@code pcall} and {@code xpcall} do not catch (it is not an {@code Exception}).
 * Here they do, once the error has unwound to them (the stack is then shallow again), and
 * coroutine bodies turn it into a {@code LuaError}, so {@code coroutine.resume} returns
 * {@code false, "stack overflow"}. An overflow no {@code pcall} catches ends the callback as a
 * script error ({@link ScriptHost}).
 *
 * <p>Thread safety: the installed functions keep no state beyond their VM's budget.
 */
final class StackOverflowGuard {
    static final String MESSAGE = "stack overflow";

    private StackOverflowGuard() {
    }

    /** Replaces {@code pcall} and {@code xpcall} in {@code globals}. */
    static void install(Globals globals, InstructionBudget budget) {
        LuaValue pcall = globals.get("pcall");
        LuaValue xpcall = globals.get("xpcall");
        globals.set("pcall", NamedFunction.of("pcall", a -> {
            int depth = budget.depth();
            try {
                return pcall.invoke(a);
            } catch (StackOverflowError e) {
                budget.unwindTo(depth);
                return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf(MESSAGE));
            }
        }));
        globals.set("xpcall", NamedFunction.of("xpcall", a -> {
            int depth = budget.depth();
            try {
                return xpcall.invoke(a);
            } catch (StackOverflowError e) {
                budget.unwindTo(depth);
                LuaValue handler = a.arg(2);
                LuaValue message = LuaValue.valueOf(MESSAGE);
                try {
                    message = handler.isfunction() ? handler.call(message) : message;
                } catch (StackOverflowError again) {
                    budget.unwindTo(depth);
                }
                return LuaValue.varargsOf(LuaValue.FALSE, message);
            }
        }));
    }

    /** {@code body} with a stack overflow turned into a Lua error, for a coroutine's main function. */
    static LuaValue guarded(LuaValue body) {
        return NamedFunction.of("coroutine", a -> {
            try {
                return body.invoke(a);
            } catch (StackOverflowError e) {
                throw new LuaError(MESSAGE);
            }
        });
    }
}
