package io.mixgate.script;

import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Caps the coroutines one server's scripts may have alive at once. LuaJ runs every coroutine on
 * a platform thread of its own, started at its first resume and ended when it finishes or is
 * garbage-collected, so a script that parks coroutines in a global could otherwise pile up
 * threads until the node dies. {@code coroutine.create} and {@code coroutine.wrap} are replaced
 * by versions that count the coroutines not yet dead (across all VMs of the server) and raise
 * "too many coroutines" at the limit.
 *
 * <p>Thread-safe: one instance per server, used by all its VMs.
 */
final class CoroutineLimit {
    private final int max;
    private final LuaValue errorHandler;
    private final ConcurrentLinkedQueue<WeakReference<LuaThread>> alive = new ConcurrentLinkedQueue<>();

    /** @param errorHandler set on each coroutine, as on the main thread (see {@link LuaGlobalsFactory}) */
    CoroutineLimit(int max, LuaValue errorHandler) {
        this.max = max;
        this.errorHandler = errorHandler;
    }

    void install(Globals globals) {
        LuaTable coroutine = globals.get("coroutine").checktable();
        coroutine.set("create", NamedFunction.of("create", args -> create(globals, args.checkfunction(1))));
        coroutine.set("wrap", NamedFunction.of("wrap", args -> {
            LuaThread thread = create(globals, args.checkfunction(1));
            return NamedFunction.of("wrap", a -> {
                Varargs result = thread.resume(a);
                if (result.arg1().toboolean()) {
                    return result.subargs(2);
                }
                throw new LuaError(result.arg(2));
            });
        }));
    }

    private LuaThread create(Globals globals, LuaValue function) {
        synchronized (this) {
            if (countAlive() >= max) {
                throw new LuaError("too many coroutines: this server's scripts already have " + max
                        + " that have not finished (script.maxCoroutines)");
            }
            LuaThread thread = new LuaThread(globals, StackOverflowGuard.guarded(function));
            thread.errorfunc = errorHandler;
            alive.add(new WeakReference<>(thread));
            return thread;
        }
    }

    /** Drops finished and collected coroutines from the count; the rest are alive. */
    private int countAlive() {
        int n = 0;
        for (Iterator<WeakReference<LuaThread>> it = alive.iterator(); it.hasNext(); ) {
            LuaThread t = it.next().get();
            if (t == null || "dead".equals(t.getStatus())) {
                it.remove();
            } else {
                n++;
            }
        }
        return n;
    }
}
