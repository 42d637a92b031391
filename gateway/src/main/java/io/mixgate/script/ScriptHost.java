package io.mixgate.script;

import io.mixgate.api.MessageType;
import io.mixgate.session.HandshakeInfo;
import io.mixgate.session.Session;
import java.nio.file.Files;
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
 * pool. A callback the script does not define is skipped. A script error is logged once, with
 * the script, line and connection id, and affects nothing else.
 *
 * <p>Thread safety: callbacks may run concurrently for different connections; the caller (the
 * connection's script lane) runs one connection's callbacks one at a time.
 */
public final class ScriptHost {
    private static final Logger log = LoggerFactory.getLogger(ScriptHost.class);

    private final CompiledScript script;
    private final LuaVmPool pool;

    private ScriptHost(CompiledScript script, LuaVmPool pool) {
        this.script = script;
        this.pool = pool;
    }

    /**
     * Compiles {@code entry} and loads it once, so a broken script stops the start.
     *
     * @param entryName how logs and errors name the script, e.g. {@code scripts/entry.websocket.lua}
     */
    public static ScriptHost start(Path entry, String entryName, int maxVms, ScriptServices services)
            throws ScriptException {
        if (!Files.isRegularFile(entry)) {
            throw new ScriptException("entry script " + entryName + " not found (" + entry.toAbsolutePath() + ")", null);
        }
        CompiledScript script = CompiledScript.compile(entry, entryName);
        Path root = entry.toAbsolutePath().getParent();
        LuaGlobalsFactory factory = new LuaGlobalsFactory(root, services);
        LuaVm first;
        try {
            first = LuaVm.load(script, factory);
        } catch (LuaError e) {
            throw new ScriptException("cannot load " + entryName + ": " + e.getMessage(), e);
        }
        LuaVmPool pool = new LuaVmPool(maxVms, () -> LuaVm.load(script, factory));
        pool.offer(first);
        log.info("script {} loaded", entryName);
        return new ScriptHost(script, pool);
    }

    public String scriptName() {
        return script.name();
    }

    /** @return false when the script's {@code on_handshake} returned {@code false}: refuse the connection */
    public boolean onHandshake(Session session, HandshakeInfo handshake) {
        LuaValue result = invoke("on_handshake", session, LuaValue.valueOf(session.idString()),
                headersTable(handshake), serverTable(handshake));
        return result == null || !result.eq_b(LuaValue.FALSE);
    }

    public void onMessage(Session session, byte[] data, MessageType type) {
        LuaTable msg = new LuaTable();
        msg.set("type", type.wireName());
        msg.set("data", LuaString.valueUsing(data));
        invoke("on_message", session, msg);
    }

    public void onClose(Session session, String error) {
        invoke("on_close", session, LuaValue.valueOf(session.idString()),
                error == null ? LuaValue.NIL : LuaValue.valueOf(error));
    }

    /** @return the callback's first result, or null when it is missing, failed or was interrupted */
    private LuaValue invoke(String callback, Session session, LuaValue... args) {
        LuaVm vm;
        try {
            vm = pool.borrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (LuaError e) {
            log.error("script {} conn={}: cannot start a new Lua VM: {}", script.name(), session.idString(), e.getMessage());
            return null;
        }
        try {
            LuaValue f = vm.callback(callback);
            if (f == null) {
                return null;
            }
            vm.scope().enter(session);
            Varargs out = f.invoke(LuaValue.varargsOf(args));
            return out.arg1();
        } catch (LuaError e) {
            log.warn("script error in {} {} conn={}: {}", script.name(), callback, session.idString(), e.getMessage());
            return null;
        } catch (StackOverflowError e) {
            log.warn("script error in {} {} conn={}: stack overflow", script.name(), callback, session.idString());
            return null;
        } finally {
            vm.scope().leave();
            pool.giveBack(vm);
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
