package io.mixgate.script;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one server's script did since start: callbacks run, messages read from clients, callbacks
 * that failed with an uncaught error, and callbacks aborted by a budget. Counted by
 * {@link ScriptHost}, read by the node's metrics.
 *
 * <p>Thread-safe: {@link LongAdder}s, so counting costs no lock on the callback path.
 */
public final class ScriptCounters {
    final LongAdder callbacks = new LongAdder();
    final LongAdder messagesRead = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder aborts = new LongAdder();

    /** Callbacks invoked (those the script defines). */
    public long callbacks() {
        return callbacks.sum();
    }

    /** Messages clients sent, each handed to {@code on_message}. */
    public long messagesRead() {
        return messagesRead.sum();
    }

    /** Callbacks that ended in an uncaught Lua error or a stack overflow. */
    public long errors() {
        return errors.sum();
    }

    /** Callbacks aborted by a time or size budget (the connection closed with 1011). */
    public long aborts() {
        return aborts.sum();
    }
}
