package io.mixgate.bench;

/**
 * The processes whose CPU a scenario accounts for: the server under test (all its nodes), the
 * load tool itself (this JVM: its event loops, the publisher thread, GC and JIT alike), and the bench's
 * auth endpoint (a probe of pid 0, reading as zero and left out of the figures, when not given).
 */
record Probes(ServerProbe server, ServerProbe client, ServerProbe auth) {

    static Probes of(BenchOptions o) {
        return new Probes(new ServerProbe(o.pid(), o.pid2()), new ServerProbe(ProcessHandle.current().pid()),
                new ServerProbe(o.authPid()));
    }

    CpuWindow startCpu() {
        return new CpuWindow(this);
    }
}
