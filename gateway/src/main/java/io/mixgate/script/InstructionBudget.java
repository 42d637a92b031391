package io.mixgate.script;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * Counts the instructions one VM runs and aborts the callback that passes its budget. LuaJ calls
 * {@code globals.debuglib.onInstruction} before every instruction once {@code debuglib} is set;
 * this subclass is set there directly, without loading the {@code debug} library, so scripts
 * still have no {@code debug} table. It keeps no call stack (the hooks LuaJ calls on every call
 * and return do nothing), so the whole cost is one increment and one compare per instruction.
 *
 * <p>The abort is a {@link BudgetExceeded} error, which {@code pcall}, {@code xpcall} and
 * {@code error} handlers do not catch (they catch {@code LuaError} and {@code Exception}). Once
 * over budget every further instruction throws again, so even a coroutine that swallows the
 * error cannot keep its caller running.
 *
 * <p>Thread safety: belongs to one VM, which runs one callback at a time; a coroutine runs on
 * another Java thread but only while the resuming thread waits for it, and LuaJ's hand-over
 * between the two is synchronised.
 */
final class InstructionBudget extends DebugLib {
    private final long budget;
    private long used;

    InstructionBudget(long budget) {
        this.budget = budget;
    }

    /** Starts counting for {@code globals}. */
    void install(Globals globals) {
        globals.debuglib = this;
    }

    /** Gives the next callback a full budget. */
    void reset() {
        used = 0;
    }

    long used() {
        return used;
    }

    long budget() {
        return budget;
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        if (++used > budget) {
            throw new BudgetExceeded(budget);
        }
    }

    @Override
    public void onCall(LuaFunction f) {
    }

    @Override
    public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
    }

    @Override
    public void onReturn() {
    }

    /** No call stack is kept; runtime errors carry file and line but no traceback. */
    @Override
    public String traceback(int level) {
        return "stack traceback: not recorded";
    }

    /** A callback ran more than its instruction budget. Not a {@code LuaError}, so Lua cannot catch it. */
    static final class BudgetExceeded extends Error {
        BudgetExceeded(long budget) {
            super("script budget exceeded: more than " + budget + " instructions", null, false, false);
        }
    }
}
