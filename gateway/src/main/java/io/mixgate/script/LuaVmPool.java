package io.mixgate.script;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A bounded, elastic pool of VMs of one script version: created on demand, kept for reuse
 * afterwards. A callback that blocks (an HTTP call) keeps its VM, so the permits bound how many
 * callbacks of this server may run or wait at once; further callers park (they are virtual
 * threads) until a VM comes back. The permits are shared by every version of the server, so a
 * reload never doubles the number of VMs that may exist.
 *
 * <p>Once {@link #retire()}d (a newer version took over) the pool drops its idle VMs and every
 * VM given back later; callbacks still running on its VMs finish undisturbed.
 *
 * <p>Thread-safe.
 */
final class LuaVmPool {
    private final ConcurrentLinkedDeque<LuaVm> idle = new ConcurrentLinkedDeque<>();
    private final Semaphore permits;
    private final Supplier<LuaVm> factory;
    private final ScriptStallWatch stalls;
    private volatile boolean retired;

    /**
     * @param permits shared by all versions of one server; one per VM borrowed
     * @param stalls  told about every borrower that has to wait for a permit
     */
    LuaVmPool(Semaphore permits, Supplier<LuaVm> factory, ScriptStallWatch stalls) {
        this.permits = permits;
        this.factory = factory;
        this.stalls = stalls;
    }

    /** Adds a ready VM, e.g. the one made to check that the version loads. */
    void offer(LuaVm vm) {
        idle.push(vm);
    }

    LuaVm borrow() throws InterruptedException {
        if (!permits.tryAcquire(0, TimeUnit.NANOSECONDS)) { // unlike tryAcquire(), keeps the queue's order
            Object wait = stalls.vmWaitStarted();
            try {
                permits.acquire();
            } finally {
                stalls.vmWaitEnded(wait);
            }
        }
        try {
            LuaVm vm = idle.poll();
            vm = vm != null ? vm : factory.get();
            vm.lock(); // a timer of this VM may be running: wait for it
            return vm;
        } catch (RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    /** Returns a VM after a callback; a retired pool lets it go. */
    void giveBack(LuaVm vm) {
        vm.unlock();
        if (!retired) {
            idle.push(vm);
            if (retired) { // retire() ran between the check and the push
                idle.clear();
            }
        }
        permits.release();
    }

    /** Lets go of a VM whose state can no longer be trusted (its callback was aborted). */
    void discard(LuaVm vm) {
        vm.kill();
        vm.unlock();
        permits.release();
    }

    /** Stops reusing VMs: a newer version serves new callbacks from now on. */
    void retire() {
        retired = true;
        idle.clear();
    }

    /** VMs created and idle right now. */
    int idleCount() {
        return idle.size();
    }
}
