package io.mixgate.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * upstream: N subscribers on the run's public channel, fed not by the publish API but by an
 * upstream feed: the bench plays the provider ({@link ProviderServer}), the node (configured by
 * run.sh with {@code bench/scripts/upstream.lua}) connects to it once the first subscriber
 * wants the channel, and the bench streams R frames per second for T seconds on that
 * connection. Reports frames streamed, deliveries expected and made, end-to-end latency
 * (provider send time to subscriber receipt) and the node's CPU per upstream frame and per
 * million deliveries.
 */
final class UpstreamScenario {
    private static final long CONNECT_WAIT_MILLIS = 60_000;
    private static final long DRAIN_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);

    private UpstreamScenario() {
    }

    static Result run(BenchOptions o, Target target, Probes probes, ClientLoops loops) throws InterruptedException {
        if (o.provider() == null) {
            throw new IllegalArgumentException("the upstream scenario needs --provider 127.0.0.1:PORT (the node's upstream url)");
        }
        Result result = new Result(o.scenario(), target.name(), o.label());
        DeliveryCounters counters = new DeliveryCounters();
        try (ProviderServer provider = new ProviderServer(o.provider());
             Subscribers subscribers = new Subscribers(loops, o.ws(), null, counters, o.clientTls(), o.deflate())) {
            long ready = subscribers.open(o.n(), o.concurrency(), i -> target.publicSubscriber(), 60_000 + o.n() * 10L);
            result.put("n", o.n()).put("rate", o.rate()).put("seconds", o.seconds())
                    .put("subscribed", ready).put("setup_failed", o.n() - ready);
            ProviderServer.Connection upstream = provider.await("s=" + target.publicSymbol(), CONNECT_WAIT_MILLIS);
            if (upstream == null) {
                return result.put("error", "the node did not connect to the provider within " + CONNECT_WAIT_MILLIS + " ms");
            }
            CpuWindow cpu = probes.startCpu();
            long start = System.nanoTime();
            long sent = new UpstreamStream(upstream.channel(), o.rate(), o.payload()).run(o.seconds());
            long streamNanos = System.nanoTime() - start;
            awaitDeliveries(counters, sent * ready);
            cpu.end();
            long delivered = counters.delivered.sum();
            double window = Math.max(streamNanos, counters.lastDelivery.get() - start) / 1e9;
            result.put("upstream_frames", sent).put("expected", sent * ready).put("delivered", delivered)
                    .put("lost", sent * ready - delivered)
                    .put("upstream_frames_per_s", sent / (streamNanos / 1e9))
                    .put("deliveries_per_s", delivered / window)
                    .put("dropped_connections", counters.droppedConnections.sum())
                    .put("unexpected_messages", counters.unexpected.sum())
                    .put("payload", o.payload());
            counters.latency.report(result, "latency_");
            cpu.report(result);
            if (probes.server().enabled()) {
                result.put("server_us_per_upstream_frame", sent == 0 ? Double.NaN : cpu.serverSeconds() * 1e6 / sent)
                        .put("cpu_s_per_million", delivered == 0 ? Double.NaN : cpu.serverSeconds() / delivered * 1e6);
            }
        }
        return result;
    }

    /** Waits until {@code expected} deliveries came, or none came for {@link #QUIET_NANOS}, at most {@link #DRAIN_LIMIT_NANOS}. */
    private static void awaitDeliveries(DeliveryCounters counters, long expected) {
        long start = System.nanoTime();
        long seen = -1;
        long lastProgress = start;
        while (System.nanoTime() - start < DRAIN_LIMIT_NANOS && counters.delivered.sum() < expected) {
            long delivered = counters.delivered.sum();
            if (delivered != seen) {
                seen = delivered;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > QUIET_NANOS) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
