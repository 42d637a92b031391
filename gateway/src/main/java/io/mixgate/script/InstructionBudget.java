package io.mixgate.script;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * Counts the instructions one VM runs and aborts the callback that passes its budget, or its
 * {@link CallBudget} time (looked at every {@value #INSTRUCTIONS_PER_CLOCK} instructions). LuaJ
 * calls {@code globals.debuglib.onInstruction} before every instruction once {@code debuglib} is
 * set; this subclass is set there directly, without loading the {@code debug} library, so
 * scripts still have no {@code debug} table. Its only bookkeeping besides the count is a stack of
 * the Lua functions running and the last program counter, so that an abort can name the line.
 *
 * <p>The abort is a {@link BudgetExceeded} error, which {@code pcall}, {@code xpcall} and
 * {@code error} handlers do not catch (they catch {@code LuaError} and {@code Exception}). Once
 * over budget every further instruction throws again, so even a coroutine that swallows the
 * error cannot keep its caller running.
 *
 * <p>Thread safety: belongs to one VM, which runs one callback at a time; a coroutine runs on
 * another Java thread but only while the resuming thread waits for it, and LuaJ's hand-over
 * between the two is synchronised. (A coroutine that yields leaves its frames on the stack kept
 * here, so the line named for an abort after a yield may be the coroutine's.)
 */
final class InstructionBudget extends DebugLib {
    static final int INSTRUCTIONS_PER_CLOCK = 4096;

    private final long budget;
    private final CallBudget call;
    private long used;
    private LuaClosure[] frames = new LuaClosure[32];
    private int depth;
    private int pc;

    InstructionBudget(long budget, CallBudget call) {
        this.budget = budget;
        this.call = call;
        call.locateWith(this::where);
    }

    /** Starts counting for {@code globals}. */
    void install(Globals globals) {
        globals.debuglib = this;
    }

    /** Gives the next callback a full budget. */
    void reset() {
        used = 0;
        depth = 0;
        pc = 0;
        call.reset();
    }

    long used() {
        return used;
    }

    long budget() {
        return budget;
    }

    CallBudget callBudget() {
        return call;
    }

    /** Frames of Lua functions running, for restoring after a caught stack overflow. */
    int depth() {
        return depth;
    }

    void unwindTo(int depth) {
        this.depth = Math.min(this.depth, depth);
    }

    /** "file:line" of the Lua code running (or calling the built-in running), or "?" when unknown. */
    String where() {
        int i = Math.min(depth, frames.length) - 1;
        while (i >= 0 && frames[i] == null) {
            i--;
        }
        if (i < 0) {
            return "?";
        }
        Prototype p = frames[i].p;
        int line = p.lineinfo != null && pc >= 0 && pc < p.lineinfo.length ? p.lineinfo[pc] : 0;
        return p.shortsource() + ":" + (line > 0 ? line : "?");
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        this.pc = pc;
        long n = ++used;
        if (n > budget) {
            throw new BudgetExceeded("script budget exceeded: more than " + budget + " instructions", where());
        }
        if ((n & (INSTRUCTIONS_PER_CLOCK - 1)) == 0) {
            call.checkTime();
        }
    }

    /** LuaJ calls this for {@code pcall}/{@code xpcall} (with a matching return): an empty frame. */
    @Override
    public void onCall(LuaFunction f) {
        push(null);
    }

    @Override
    public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
        push(c);
    }

    private void push(LuaClosure c) {
        if (depth == frames.length) {
            frames = java.util.Arrays.copyOf(frames, depth * 2);
        }
        frames[depth++] = c;
    }

    @Override
    public void onReturn() {
        if (depth > 0) {
            frames[--depth] = null;
        }
    }

    /** No call stack is kept; runtime errors carry file and line but no traceback. */
    @Override
    public String traceback(int level) {
        return "stack traceback: not recorded";
    }

    /**
     * A callback ran past its budget. Not a {@code LuaError}, so Lua cannot catch it. Carries the
     * "file:line" running when it was thrown (LuaJ unwinds its frames, and so the stack kept here,
     * before the callback's runner sees it).
     */
    static final class BudgetExceeded extends Error {
        private final String where;

        BudgetExceeded(String message, String where) {
            super(message, null, false, false);
            this.where = where;
        }

        String where() {
            return where;
        }
    }
}
