package io.mixgate.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * connect: N connections, each doing TCP connect + WebSocket handshake + the target's setup
 * (mixgate: auth through the auth callback, then subscribe to {@code @balance}; nchan: the
 * subscribe is the handshake; with {@code --auth false} mixgate only subscribes to the public
 * channel). Reports connections per second, setup time, failures, and
 * the server's memory growth per connection after the connections settle. With {@code hold}
 * the connections stay open that long afterwards (the idle-capacity run).
 */
final class ConnectScenario {
    private ConnectScenario() {
    }

    static Result run(BenchOptions o, Target target, Probes probes, ClientLoops loops) throws InterruptedException {
        Result result = new Result(o.scenario(), target.name(), o.label());
        DeliveryCounters counters = new DeliveryCounters();
        long users = o.userBase();
        io.netty.handler.ssl.SslContext tls = o.clientTls();
        if (o.warmup() > 0) {
            // a first batch loads the server's code paths (classes, JIT, pools), then goes away,
            // so that the memory measured below is what the connections themselves hold
            try (Subscribers warm = new Subscribers(loops, o.ws(), counters, tls)) {
                warm.open(o.warmup(), o.concurrency(),
                        i -> o.auth() ? target.privateSubscriber(users + o.n() + i) : target.publicSubscriber(),
                        60_000 + o.warmup() * 10L);
            }
            LockSupport.parkNanos(Math.round(o.settleSeconds() * 1e9));
            result.put("warmup", o.warmup());
        }
        ServerProbe probe = probes.server();
        long rss0 = probe.rssBytes();
        long pss0 = probe.pssBytes();
        CpuWindow cpu = probes.startCpu();
        try (Subscribers subscribers = new Subscribers(loops, o.ws(), counters, tls)) {
            long start = System.nanoTime();
            long ready = subscribers.open(o.n(), o.concurrency(),
                    i -> o.auth() ? target.privateSubscriber(users + i) : target.publicSubscriber(), 120_000 + o.n() * 10L);
            double seconds = (System.nanoTime() - start) / 1e9;
            cpu.end();
            result.put("n", o.n()).put("concurrency", o.concurrency()).put("auth", Boolean.toString(o.auth()))
                    .put("connected", ready)
                    .put("failed", o.n() - ready)
                    .put("connections_per_s", ready / seconds);
            cpu.report(result);
            cpu.reportPer(result, "conn", ready);
            if (subscribers.firstFailureReason != null) {
                result.put("first_failure", subscribers.firstFailureReason);
            }
            subscribers.setupTime.report(result, "setup_");
            LockSupport.parkNanos(Math.round(o.settleSeconds() * 1e9));
            if (probe.enabled()) {
                long rss1 = probe.rssBytes();
                long pss1 = probe.pssBytes();
                result.put("server_rss_before_mb", rss0 / 1048576.0)
                        .put("server_rss_after_mb", rss1 / 1048576.0)
                        .put("server_pss_after_mb", pss1 / 1048576.0)
                        .put("rss_per_conn_kb", ready == 0 ? Double.NaN : (rss1 - rss0) / 1024.0 / ready)
                        .put("pss_per_conn_kb", ready == 0 ? Double.NaN : (pss1 - pss0) / 1024.0 / ready)
                        .put("server_threads", probe.threads());
                JvmMemory.report(o.jcmd(), o.pid(), result);
            }
            result.put("open_after_settle", subscribers.openCount());
            long holdUntil = System.nanoTime() + Math.round(o.holdSeconds() * 1e9);
            while (System.nanoTime() < holdUntil) {
                LockSupport.parkNanos(Math.min(holdUntil - System.nanoTime(), TimeUnit.SECONDS.toNanos(1)));
            }
            if (o.holdSeconds() > 0) {
                result.put("open_after_hold", subscribers.openCount());
            }
        }
        return result;
    }
}
