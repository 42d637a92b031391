package io.mixgate.script;

import io.mixgate.pubsub.SubscribeOutcome;
import io.mixgate.session.CloseCode;
import io.mixgate.session.Session;
import java.util.LinkedHashMap;
import java.util.Map;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code mix.websocket()}, {@code mix.socket.tcp()} and the {@code conn:*} methods. A {@code conn} is a userdata holding
 * the {@link Session}; its methods live in one metatable per VM, so a connection costs Lua
 * nothing while idle. Methods return CONNMIX's {@code err} (nil on success) or {@code value, err}.
 *
 * <p>On a socket server (raw TCP framed by the script) {@code conn:send(data)} writes {@code data}
 * as it is, since CONNMIX's protocol modules build their packets themselves (a handshake reply, a
 * ready-made frame); publishes and {@code mix.mesh.send} go through {@code protocol_encode}.
 * {@code conn:clear_buffer()} empties the bytes not yet framed, and only for the connection whose
 * callback is running (the buffer belongs to its lane).
 */
final class ConnectionLib {
    private ConnectionLib() {
    }

    static void install(LuaTable mix, CallScope scope, ScriptServices services) {
        LuaTable methods = new LuaTable();
        LuaTable meta = new LuaTable();
        meta.set(LuaValue.INDEX, methods);
        meta.set("__metatable", LuaValue.valueOf("conn"));
        meta.set(LuaValue.TOSTRING, fn(args -> LuaValue.valueOf("conn(" + session(args).idString() + ")")));

        methods.set("client_id", fn(args -> LuaValue.valueOf(session(args).idString())));
        methods.set("remote_addr", fn(args -> LuaValue.valueOf(session(args).remoteAddress())));
        methods.set("context", fn(args -> LuaJson.toLua(session(args).context().snapshot())));
        methods.set("context_value", fn(args -> {
            Object value = session(args).context().get(args.checkjstring(2));
            return value == null ? LuaValue.NIL : LuaJson.toLua(value);
        }));
        methods.set("wait_context_value", fn(args -> scope.budget().blocked(
                () -> waitContextValue(session(args), args.checkjstring(2)))));
        methods.set("set_context_value", fn(args -> {
            try {
                Object value = args.arg(3).isnil() ? null : LuaJson.toJava(args.arg(3));
                session(args).context().put(args.checkjstring(2), value);
                return LuaValue.NIL;
            } catch (IllegalArgumentException e) {
                return LuaValue.valueOf("cannot store context value: " + e.getMessage());
            }
        }));
        methods.set("set_context", fn(args -> setContext(session(args), args.checktable(2))));
        methods.set("subscribe", fn(args -> subscribe(services, session(args), args)));
        methods.set("unsubscribe", fn(args -> {
            Session session = session(args);
            for (int i = 2; i <= args.narg(); i++) {
                services.subscriptions().unsubscribe(session, args.checkjstring(i));
            }
            return LuaValue.NIL;
        }));
        methods.set("send", fn(args -> {
            Session session = session(args);
            byte[] data = LuaText.bytes(args.checkstring(2));
            boolean sent = session.transport().scriptFramed() ? session.sendUnframed(data, MessageTypeArg.at(args, 3))
                    : session.send(data, MessageTypeArg.at(args, 3));
            return sent ? LuaValue.NIL : LuaValue.valueOf("connection closed or over its outbound limit");
        }));
        methods.set("clear_buffer", fn(args -> {
            Session session = session(args);
            if (!session.transport().scriptFramed()) {
                return LuaValue.valueOf("clear_buffer: not a socket connection");
            }
            if (session != scope.current()) {
                return LuaValue.valueOf("clear_buffer: only inside a callback of this connection");
            }
            session.inbound().clear();
            return LuaValue.NIL;
        }));
        methods.set("close", fn(args -> {
            session(args).close(CloseCode.NORMAL, "");
            return LuaValue.NIL;
        }));

        mix.set("websocket", fn(args -> current(scope, meta, false)));
        LuaTable socket = new LuaTable();
        socket.set("tcp", fn(args -> current(scope, meta, true)));
        mix.set("socket", socket);
        MixServerLib.install(mix, services.serverOptions());
        MixHistoryLib.install(mix, services.history());
    }

    /** The connection of the running callback, if it is of the kind asked for ({@code socket}: raw TCP). */
    private static Varargs current(CallScope scope, LuaTable meta, boolean socket) {
        Session current = scope.current();
        String call = socket ? "mix.socket.tcp()" : "mix.websocket()";
        if (current == null) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("no current connection: call " + call + " inside a callback"));
        }
        if (current.transport().scriptFramed() != socket) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("not a " + (socket ? "socket" : "websocket")
                    + " connection: use " + (socket ? "mix.websocket()" : "mix.socket.tcp()") + " on this server"));
        }
        return new LuaUserdata(current, meta);
    }

    private static Varargs subscribe(ScriptServices services, Session session, Varargs args) {
        if (args.narg() == 3 && args.arg(3).istable()) {
            return MixHistoryLib.subscribe(services.history(), session, args.checkjstring(2), args.checktable(3),
                    services.maxSubscriptions(), services.maxEnvelopeBytes());
        }
        for (int i = 2; i <= args.narg(); i++) {
            String channel = args.checkjstring(i);
            SubscribeOutcome outcome = services.subscriptions().subscribe(session, channel, services.maxSubscriptions());
            if (outcome.error() != null) {
                return LuaValue.valueOf(outcome.error() + ": " + channel);
            }
        }
        return LuaValue.NIL;
    }

    private static Varargs setContext(Session session, LuaTable table) {
        Map<String, Object> values = new LinkedHashMap<>();
        try {
            for (LuaValue k = table.next(LuaValue.NIL).arg1(); !k.isnil(); k = table.next(k).arg1()) {
                values.put(k.tojstring(), LuaJson.toJava(table.get(k)));
            }
        } catch (IllegalArgumentException e) {
            return LuaValue.valueOf("cannot store context: " + e.getMessage());
        }
        session.context().replace(values);
        return LuaValue.NIL;
    }

    private static Varargs waitContextValue(Session session, String key) {
        try {
            Object value = session.context().await(key, null);
            if (value == null) {
                return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("connection closed"));
            }
            return LuaJson.toLua(value);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("interrupted"));
        }
    }

    private static Session session(Varargs args) {
        LuaValue self = args.arg1();
        if (self instanceof LuaUserdata u && u.userdata() instanceof Session s) {
            return s;
        }
        throw new org.luaj.vm2.LuaError("bad self: call conn methods with ':' (conn:send(...)), got " + self.typename());
    }

    private interface Body {
        Varargs apply(Varargs args);
    }

    private static VarArgFunction fn(Body body) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return body.apply(args);
            }
        };
    }
}
