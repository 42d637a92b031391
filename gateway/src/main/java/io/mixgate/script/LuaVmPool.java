package io.mixgate.script;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * A bounded, elastic pool of VMs of one script: created on demand up to {@code max}, kept for
 * reuse afterwards. A callback that blocks (an HTTP call) keeps its VM, so {@code max} bounds
 * how many callbacks of this server may run or wait at once; further callers park (they are
 * virtual threads) until a VM comes back.
 *
 * <p>Thread-safe.
 */
final class LuaVmPool {
    private final ConcurrentLinkedDeque<LuaVm> idle = new ConcurrentLinkedDeque<>();
    private final Semaphore permits;
    private final Supplier<LuaVm> factory;

    LuaVmPool(int max, Supplier<LuaVm> factory) {
        this.permits = new Semaphore(max, true);
        this.factory = factory;
    }

    /** Adds a ready VM, e.g. the one made at start to check the script loads. */
    void offer(LuaVm vm) {
        idle.push(vm);
    }

    LuaVm borrow() throws InterruptedException {
        permits.acquire();
        try {
            LuaVm vm = idle.poll();
            return vm != null ? vm : factory.get();
        } catch (RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    void giveBack(LuaVm vm) {
        idle.push(vm);
        permits.release();
    }

    /** VMs created and idle right now. */
    int idleCount() {
        return idle.size();
    }
}
