package io.mixgate.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * fanout: N subscribers on one public channel, and a publisher at R messages per second for T
 * seconds. private: N authenticated users each on their own channel, publishes round-robin over
 * them. With a second node ({@code --ws2}), odd-numbered subscribers connect to it and the
 * publisher still posts to the first: the mesh scenario. Reports published, expected, delivered, lost, deliveries per second, end-to-end latency
 * (publisher's scheduled send time to a subscriber's receipt) and the server's CPU time over the
 * publishing window.
 */
final class FanoutScenario {
    /** After publishing, wait at most this long for deliveries to stop arriving. */
    private static final long DRAIN_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);

    private FanoutScenario() {
    }

    static Result run(BenchOptions o, Target target, Probes probes, ClientLoops loops) throws InterruptedException {
        boolean privateChannels = o.scenario().equals("private");
        long users = o.userBase();
        Result result = new Result(o.scenario(), target.name(), o.label());
        DeliveryCounters counters = new DeliveryCounters();
        try (Subscribers subscribers = new Subscribers(loops, o.ws(), o.ws2(), counters)) {
            long timeout = 60_000 + o.n() * 10L;
            long ready = subscribers.open(o.n(), o.concurrency(),
                    i -> privateChannels ? target.privateSubscriber(users + i) : target.publicSubscriber(), timeout);
            result.put("n", o.n()).put("rate", o.rate()).put("seconds", o.seconds())
                    .put("subscribed", ready).put("setup_failed", o.n() - ready);
            if (subscribers.firstFailureReason != null) {
                result.put("first_setup_failure", subscribers.firstFailureReason);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500)); // let the last subscriptions land

            try (Publisher publisher = new Publisher(loops, o.http(), target, o.connections(), 1)) {
                CpuWindow cpu = probes.startCpu();
                long start = System.nanoTime();
                long publishNanos = publisher.openLoop(o.rate(), o.seconds(), (seq, sendNanos) -> {
                    String payload = Payload.create(sendNanos, seq);
                    return privateChannels ? target.publishPrivate(users + seq % o.n(), payload) : target.publishPublic(payload);
                });
                // answers still in flight keep raising what is expected, so expected is read as it grows
                LongSupplier expectedNow = () -> publisher.stats.okMessages.sum() * (privateChannels ? 1 : ready);
                awaitDeliveries(counters, expectedNow, publisher.stats);
                cpu.end();
                long published = publisher.stats.okMessages.sum();
                long expected = expectedNow.getAsLong();
                long delivered = counters.delivered.sum();
                long last = counters.lastDelivery.get();
                double window = Math.max(publishNanos, last - start) / 1e9;
                result.put("published", published)
                        .put("publish_failed", publisher.stats.failedRequests.sum())
                        .put("publish_unanswered", publisher.stats.inFlight())
                        .put("expected", expected)
                        .put("delivered", delivered)
                        .put("lost", expected - delivered)
                        .put("deliveries_per_s", delivered / window)
                        .put("dropped_connections", counters.droppedConnections.sum())
                        .put("unexpected_messages", counters.unexpected.sum());
                counters.latency.report(result, "latency_");
                publisher.stats.latency.report(result, "publish_");
                cpu.report(result);
                if (probes.server().enabled()) {
                    result.put("cpu_s_per_million", delivered == 0 ? Double.NaN : cpu.serverSeconds() / delivered * 1e6);
                }
                if (publisher.stats.firstError != null) {
                    result.put("first_publish_error", publisher.stats.firstError);
                }
            }
        }
        return result;
    }

    /** Waits until every expected delivery came and every publish was answered, or none came for a while, or the drain limit. */
    private static void awaitDeliveries(DeliveryCounters counters, LongSupplier expected, PublishStats stats) {
        long start = System.nanoTime();
        long seen = -1;
        long lastProgress = start;
        while (System.nanoTime() - start < DRAIN_LIMIT_NANOS) {
            long now = counters.delivered.sum();
            if (now >= expected.getAsLong() && stats.inFlight() == 0) {
                return;
            }
            if (now != seen) {
                seen = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > QUIET_NANOS) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
