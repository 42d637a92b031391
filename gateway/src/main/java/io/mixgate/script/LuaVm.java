package io.mixgate.script;

import io.mixgate.session.Session;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * One Lua state running one version of a script. Runs one callback at a time (LuaJ keeps call
 * state per globals): the pool hands it to one virtual thread for the length of a callback.
 * Globals and module-level locals therefore live per VM, as in CONNMIX: a connection's next
 * callback may run on another VM, and a reload starts from fresh VMs. Per-connection state
 * belongs in the connection context.
 *
 * <p>Thread safety: not thread-safe; owned by one borrower at a time.
 */
final class LuaVm {
    private final Globals globals;
    private final CallScope scope;
    private final InstructionBudget budget;
    private final LuaTable strings;
    /** Held while a callback or a timer runs on this VM: a timer's function belongs to the VM that made it. */
    private final java.util.concurrent.locks.ReentrantLock use = new java.util.concurrent.locks.ReentrantLock();
    private volatile boolean dead;

    private LuaVm(Globals globals, CallScope scope, InstructionBudget budget, LuaTable strings) {
        this.globals = globals;
        this.scope = scope;
        this.budget = budget;
        this.strings = strings;
    }

    /**
     * Builds globals and runs the entry's main chunk (which defines the callbacks), within the
     * instruction budget.
     *
     * @throws org.luaj.vm2.LuaError when the main chunk fails
     * @throws InstructionBudget.BudgetExceeded when it runs away
     */
    static LuaVm load(ScriptBundle bundle, LuaGlobalsFactory factory) {
        InstructionBudget budget = factory.newBudget();
        CallScope scope = new CallScope(bundle.entry().name(), budget.callBudget());
        Globals globals = factory.create(scope, bundle, budget);
        LuaVm vm = new LuaVm(globals, scope, budget, globals.get("string").checktable());
        scope.attach(vm);
        vm.enter(null);
        try {
            new LuaClosure(bundle.entry().prototype(), globals).call();
        } finally {
            vm.leave();
        }
        return vm;
    }

    /** The global function {@code name}, or null when the script does not define one. */
    LuaValue callback(String name) {
        LuaValue f = globals.get(name);
        return f.isfunction() ? f : null;
    }

    /** Starts a callback for {@code session} (null while loading) on the current thread, with a full budget. */
    void enter(Session session) {
        enter(session, null);
    }

    /** As above, for a timer owner that is not a connection (a service), or null. */
    void enter(Session session, ScriptTimers.Owner owner) {
        budget.reset();
        scope.enter(session, owner);
        StringMetatable.enter(strings);
    }

    /** Takes this VM for one callback (the pool does it on borrow); waits while a timer of it runs. */
    void lock() {
        use.lock();
    }

    /** @return false (without locking) when the VM was discarded: its timers end */
    boolean lockIfAlive() {
        use.lock();
        if (dead) {
            use.unlock();
            return false;
        }
        return true;
    }

    void unlock() {
        if (use.isHeldByCurrentThread()) {
            use.unlock();
        }
    }

    /** Marks the VM's state untrustworthy (a callback on it was aborted): its timers end. */
    void kill() {
        dead = true;
    }

    boolean isDead() {
        return dead;
    }

    void leave() {
        scope.leave();
        StringMetatable.leave();
    }

    /** "file:line" of the Lua code running or last run, for logs. */
    String where() {
        return budget.where();
    }

    /** The time and size budget of this VM's callbacks. */
    CallBudget callBudget() {
        return budget.callBudget();
    }

    /** Instructions the current (or last) callback has run. */
    long instructionsUsed() {
        return budget.used();
    }
}
