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
        current = session;
    }

    void leave() {
        current = null;
    }

    /** "script=… conn=…", the prefix of every log line a script writes. */
    String describe() {
        return current == null ? "script=" + scriptName : "script=" + scriptName + " conn=" + current.idString();
    }
}
