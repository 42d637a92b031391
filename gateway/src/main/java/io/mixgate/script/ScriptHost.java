package io.mixgate.script;

import io.mixgate.core.RateLimitedLog;
import io.mixgate.core.MessageType;
import io.mixgate.config.ScriptConfig;
import io.mixgate.session.CloseCode;
import io.mixgate.session.ConnectionScript;
import io.mixgate.session.HandshakeInfo;
import io.mixgate.session.Session;
import java.nio.file.Path;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one server's entry script: CONNMIX's {@code on_handshake(client_id, headers, server)},
 * {@code on_message(msg)} and {@code on_close(client_id, err)}, each on a VM borrowed from the
 * version current when the callback starts ({@link ScriptVersions}), so a callback already
 * running when a reload swaps versions finishes on its own version. A callback the script does
 * not define is skipped. A script error is logged once, with the script, line and connection
 * id, and affects nothing else. A callback that runs past its instruction budget is aborted,
 * its VM discarded (its state may be half-updated) and its connection closed with
 * {@link CloseCode#SCRIPT_BUDGET_EXCEEDED}.
 *
 * <p>Thread safety: callbacks may run concurrently for different connections; the caller (the
 * connection's script lane) runs one connection's callbacks one at a time.
 */
public final class ScriptHost implements ConnectionScript {
    private static final Logger log = LoggerFactory.getLogger(ScriptHost.class);
    /** Repeating warnings: at most a few lines a minute per call site, then a count (one budget per call site, like the logger). */
    private static final RateLimitedLog vmStartFailures = new RateLimitedLog(log::error);
    private static final RateLimitedLog scriptErrors = new RateLimitedLog(log::warn);
    private static final RateLimitedLog scriptAborts = new RateLimitedLog(log::error);
    private static final RateLimitedLog stackOverflows = new RateLimitedLog(log::warn);

    private final ScriptVersions versions;
    private final ScriptCounters counters = new ScriptCounters();
    private final ScriptErrorLog.Server errors;
    private final ScriptTimers timers;

    private ScriptHost(ScriptVersions versions, ScriptErrorLog.Server errors, ScriptTimers timers) {
        this.versions = versions;
        this.errors = errors;
        this.timers = timers;
    }

    /**
     * Compiles the scripts folder of {@code entry} and loads it once, so a broken script stops
     * the start.
     *
     * @param entryName how logs and errors name the script, e.g. {@code scripts/entry.websocket.lua}
     */
    public static ScriptHost start(Path entry, String entryName, ScriptConfig config, ScriptServices services)
            throws ScriptException {
        return start(entry, entryName, config, services, ScriptStallWatch.vmWaitsOnly());
    }

    /** As above, telling {@code stalls} (the node's, read by {@code /health}) about callbacks waiting for a VM. */
    public static ScriptHost start(Path entry, String entryName, ScriptConfig config, ScriptServices services,
                                   ScriptStallWatch stalls) throws ScriptException {
        return start(entry, entryName, config, services, stalls, ScriptErrorLog.Server.NONE);
    }

    /** As above, also remembering each failed callback in {@code errors} (for {@code GET /v1/scripts/errors}). */
    public static ScriptHost start(Path entry, String entryName, ScriptConfig config, ScriptServices services,
                                   ScriptStallWatch stalls, ScriptErrorLog.Server errors) throws ScriptException {
        LuaGlobalsFactory factory = new LuaGlobalsFactory(services, config);
        factory.timerErrors((callback, client, message) -> errors.add(entryName, callback, client, message));
        return new ScriptHost(ScriptVersions.start(entry, entryName, factory, config.maxVms(), stalls), errors,
                factory.timers());
    }

    public String scriptName() {
        return versions.entryName();
    }

    /** What this script did since start, for the node's metrics. */
    public ScriptCounters counters() {
        return counters;
    }

    /** Where reloads are asked for and versions come from. */
    public ScriptVersions versions() {
        return versions;
    }

    @Override
    public boolean opened(Session session, HandshakeInfo handshake) {
        return onHandshake(session, handshake);
    }

    @Override
    public void received(Session session, byte[] data, MessageType type) {
        onMessage(session, data, type);
    }

    @Override
    public void closed(Session session, String error) {
        onClose(session, error);
    }

    /** @return false when the script's {@code on_handshake} returned {@code false}: refuse the connection */
    public boolean onHandshake(Session session, HandshakeInfo handshake) {
        LuaValue result = invoke("on_handshake", session, LuaValue.valueOf(session.idString()),
                headersTable(handshake), serverTable(handshake));
        return result == null || !result.eq_b(LuaValue.FALSE);
    }

    public void onMessage(Session session, byte[] data, MessageType type) {
        counters.messagesRead.increment();
        LuaTable msg = new LuaTable();
        msg.set("type", type.wireName());
        msg.set("data", LuaString.valueUsing(data));
        invoke("on_message", session, msg);
    }

    public void onClose(Session session, String error) {
        try {
            invoke("on_close", session, LuaValue.valueOf(session.idString()),
                    error == null ? LuaValue.NIL : LuaValue.valueOf(error));
        } finally {
            timers.cancelAll(session); // a connection's timers end with it (on_close may not make new ones)
        }
    }

    /** Live {@code mix.timer} timers of all this script's connections. */
    public int liveTimers() {
        return timers.total();
    }

    /** Live {@code mix.timer} timers of {@code session}. */
    public int timerCount(Session session) {
        return timers.count(session);
    }

    /** @return the callback's first result, or null when it is missing, failed or was interrupted */
    private LuaValue invoke(String callback, Session session, LuaValue... args) {
        return call(callback, session, args).value();
    }

    /**
     * How a callback went: its first result, or why there is none.
     *
     * @param value   the first result; null unless the callback ran to its end
     * @param missing the script defines no such function
     * @param error   the script's error, or what stopped it (the connection is then already being
     *                closed if it was a budget); null when it ran to its end or is missing
     */
    record Outcome(LuaValue value, boolean missing, String error) {
        static final Outcome MISSING = new Outcome(null, true, null);

        static Outcome failed(String error) {
            return new Outcome(null, false, error);
        }
    }

    /**
     * Runs global function {@code callback} for {@code session} on a VM of the current version,
     * with a full budget; errors are logged and counted here, once.
     */
    Outcome call(String callback, Session session, LuaValue... args) {
        ScriptVersion version = versions.current();
        String script = version.bundle().entry().name();
        LuaVm vm;
        try {
            vm = version.pool().borrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted");
        } catch (LuaError | InstructionBudget.BudgetExceeded | StackOverflowError e) {
            vmStartFailures.log("script {} version {} conn={}: cannot start a new Lua VM: {}", script, version.id(),
                    session.idString(), e.getMessage());
            return Outcome.failed("cannot start a Lua VM: " + e.getMessage());
        }
        boolean reusable = true;
        try {
            LuaValue f = vm.callback(callback);
            if (f == null) {
                return Outcome.MISSING;
            }
            counters.callbacks.increment();
            vm.enter(session);
            Varargs out = f.invoke(LuaValue.varargsOf(args));
            return new Outcome(out.arg1(), false, null);
        } catch (LuaError e) {
            counters.errors.increment();
            scriptErrors.log("script error in {} {} conn={}: {}", script, callback, session.idString(), e.getMessage());
            errors.add(script, callback, session.id(), e.getMessage());
            return Outcome.failed(e.getMessage());
        } catch (InstructionBudget.BudgetExceeded e) {
            counters.aborts.increment();
            reusable = false;
            scriptAborts.log("script {} at {} {} conn={} aborted: {}", script, e.where(), callback, session.idString(),
                    e.getMessage());
            errors.add(script, callback, session.id(), e.where() + " aborted: " + e.getMessage());
            session.close(CloseCode.SCRIPT_BUDGET_EXCEEDED, CloseCode.SCRIPT_BUDGET_EXCEEDED.reason());
            return Outcome.failed(CloseCode.SCRIPT_BUDGET_EXCEEDED.reason());
        } catch (StackOverflowError e) {
            counters.errors.increment();
            reusable = false;
            stackOverflows.log("script error in {} {} conn={}: {}: stack overflow (no pcall caught it)", script, callback,
                    session.idString(), vm.where());
            errors.add(script, callback, session.id(), vm.where() + " stack overflow (no pcall caught it)");
            return Outcome.failed("stack overflow");
        } catch (OutOfMemoryError e) {
            counters.aborts.increment();
            // what the size budgets do not cover (e.g. `..` doubling a string): the callback's own
            // garbage is what filled the heap, and it is unreachable once we are here
            reusable = false;
            scriptAborts.log("script {} at {} {} conn={} aborted: out of memory", script, vm.where(), callback,
                    session.idString());
            errors.add(script, callback, session.id(), vm.where() + " aborted: out of memory");
            session.close(CloseCode.SCRIPT_BUDGET_EXCEEDED, CloseCode.SCRIPT_BUDGET_EXCEEDED.reason());
            return Outcome.failed("out of memory");
        } finally {
            vm.leave();
            if (reusable) {
                version.pool().giveBack(vm);
            } else {
                version.pool().discard(vm);
            }
        }
    }

    private static LuaTable headersTable(HandshakeInfo handshake) {
        LuaTable headers = new LuaTable();
        handshake.headers().forEach(headers::set);
        return headers;
    }

    private static LuaTable serverTable(HandshakeInfo handshake) {
        LuaTable server = new LuaTable();
        server.set("Method", handshake.method());
        server.set("RequestUri", handshake.requestUri());
        server.set("ServerProtocol", handshake.protocol());
        server.set("Host", handshake.host());
        server.set("RemoteAddr", handshake.remoteAddr());
        return server;
    }
}
