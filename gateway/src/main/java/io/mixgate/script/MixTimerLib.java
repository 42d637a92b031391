package io.mixgate.script;

import io.mixgate.session.CloseCode;
import io.mixgate.session.Session;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code t, err = mix.timer.every(ms, fn)} and {@code t, err = mix.timer.after(ms, fn)}: runs
 * {@code fn()} every {@code ms} (first after {@code ms}) or once after {@code ms}, on the lane of
 * the connection or service whose callback made the timer, never beside its other callbacks.
 * {@code t:cancel()} ends it (idempotent), {@code t:active()} tells whether it may still fire.
 * A connection's timers end when it closes; a service's when its version stops. On refusal
 * (interval under {@code timers.minInterval}, too many timers, called outside a callback)
 * {@code t} is nil and {@code err} names the limit.
 */
final class MixTimerLib {
    private MixTimerLib() {
    }

    static void install(LuaTable mix, CallScope scope, ScriptTimers timers, ScriptErrorSink errors) {
        LuaTable handleMethods = new LuaTable();
        handleMethods.set("cancel", NamedFunction.of("cancel", args -> {
            timer(args).cancel();
            return LuaValue.NIL;
        }));
        handleMethods.set("active", NamedFunction.of("active", args -> LuaValue.valueOf(!timer(args).cancelled())));
        LuaTable handleMeta = new LuaTable();
        handleMeta.set(LuaValue.INDEX, handleMethods);
        handleMeta.set("__metatable", LuaValue.valueOf("timer"));

        LuaTable table = new LuaTable();
        table.set("every", NamedFunction.of("every", args -> start(scope, timers, errors, handleMeta, args, true)));
        table.set("after", NamedFunction.of("after", args -> start(scope, timers, errors, handleMeta, args, false)));
        mix.set("timer", table);
    }

    /** Where a connection timer's failure is recorded (the server's recent errors); set by the script host. */
    interface ScriptErrorSink {
        void add(String callback, long client, String message);
    }

    private static Varargs start(CallScope scope, ScriptTimers timers, ScriptErrorSink errors, LuaTable meta,
                                 Varargs args, boolean repeat) {
        long ms = args.checklong(1);
        LuaValue fn = args.checkfunction(2);
        ScriptTimers.Owner owner = scope.owner();
        if (owner == null && scope.current() != null) {
            owner = connectionOwner(scope.current(), timers, errors);
        }
        if (owner == null) {
            return NamedFunction.failure("mix.timer: no connection or service: call it inside a callback");
        }
        try {
            ScriptTimers.Timer timer = timers.start(owner, scope.vm(), fn, ms, repeat);
            return new org.luaj.vm2.LuaUserdata(timer, meta);
        } catch (IllegalArgumentException e) {
            return NamedFunction.failure(e.getMessage());
        }
    }

    private static ScriptTimers.Timer timer(Varargs args) {
        if (args.arg1() instanceof org.luaj.vm2.LuaUserdata u && u.userdata() instanceof ScriptTimers.Timer t) {
            return t;
        }
        throw new org.luaj.vm2.LuaError("bad self: call timer methods with ':' (t:cancel()), got "
                + args.arg1().typename());
    }

    private static ScriptTimers.Owner connectionOwner(Session session, ScriptTimers timers, ScriptErrorSink errors) {
        return new ScriptTimers.Owner() {
            @Override
            public Object key() {
                return session;
            }

            @Override
            public int maxTimers() {
                return timers.limits().maxPerConnection();
            }

            @Override
            public String limitKey() {
                return "timers.maxPerConnection";
            }

            @Override
            public void submit(Runnable task) {
                session.lane().submit(task);
            }

            @Override
            public boolean alive() {
                return !session.isClosing() && !session.isClosed();
            }

            @Override
            public Session session() {
                return session;
            }

            @Override
            public String describe() {
                return "conn=" + session.idString();
            }

            @Override
            public void failed(String message, boolean aborted) {
                errors.add("timer", session.id(), message);
                if (aborted) {
                    session.close(CloseCode.SCRIPT_BUDGET_EXCEEDED, CloseCode.SCRIPT_BUDGET_EXCEEDED.reason());
                }
            }
        };
    }
}
