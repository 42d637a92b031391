package io.mixgate.script;

import io.mixgate.session.Session;

/**
 * The connection whose callback a VM is running, for {@code mix.websocket()} and log context.
 * Belongs to one VM, which runs one callback at a time, so it needs no synchronisation.
 */
final class CallScope {
    private final String scriptName;
    private final CallBudget budget;
    private Session current;
    private ScriptTimers.Owner owner;
    private LuaVm vm;

    CallScope(String scriptName, CallBudget budget) {
        this.scriptName = scriptName;
        this.budget = budget;
    }

    /** The time and size budget of the VM's callbacks. */
    CallBudget budget() {
        return budget;
    }

    Session current() {
        return current;
    }

    void enter(Session session) {
        enter(session, null);
    }

    /** @param owner the timer owner of a callback that is not a connection's (a service), else null */
    void enter(Session session, ScriptTimers.Owner owner) {
        current = session;
        this.owner = owner;
    }

    void leave() {
        current = null;
        owner = null;
    }

    /** The service whose callback runs, or null (then {@link #current()} may be a connection). */
    ScriptTimers.Owner owner() {
        return owner;
    }

    /** The VM this scope belongs to, set once when it is made. */
    void attach(LuaVm vm) {
        this.vm = vm;
    }

    LuaVm vm() {
        return vm;
    }

    /** "script=… conn=…", the prefix of every log line a script writes. */
    String describe() {
        if (owner != null) {
            return "script=" + scriptName + " " + owner.describe();
        }
        return current == null ? "script=" + scriptName : "script=" + scriptName + " conn=" + current.idString();
    }
}
