package io.mixgate.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * fanout: N subscribers on one public channel, and a publisher at R messages per second for T
 * seconds. private: N authenticated users each on their own channel, publishes round-robin over
 * them. With a second node ({@code --ws2}), odd-numbered subscribers connect to it and the
 * publisher still posts to the first: the mesh scenario. Reports published, expected, delivered, lost, deliveries per second, end-to-end latency
 * (publisher's scheduled send time to a subscriber's receipt) and the server's CPU time over the
 * publishing window.
 */
final class FanoutScenario {
    /** After publishing, wait at most this long for the publishes' answers and their deliveries. */
    private static final long DRAIN_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);

    private FanoutScenario() {
    }

    static Result run(BenchOptions o, Target target, Probes probes, ClientLoops loops) throws InterruptedException {
        boolean privateChannels = o.scenario().equals("private");
        long users = o.userBase();
        Result result = new Result(o.scenario(), target.name(), o.label());
        DeliveryCounters counters = new DeliveryCounters();
        try (Subscribers subscribers = new Subscribers(loops, o.ws(), o.ws2(), counters, o.clientTls(), o.deflate())) {
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
                long wireBefore = counters.wireBytes.sum();
                CpuWindow cpu = probes.startCpu();
                long start = System.nanoTime();
                long publishNanos = publisher.openLoop(o.rate(), o.seconds(), (seq, sendNanos) -> {
                    String payload = Payload.create(sendNanos, seq, o.payload());
                    return privateChannels ? target.publishPrivate(users + seq % o.n(), payload) : target.publishPublic(payload);
                });
                long receivers = privateChannels ? 1 : ready;
                awaitAnswersAndDeliveries(counters, publisher.stats, receivers);
                cpu.end();
                FanoutTally tally = new FanoutTally(publisher.stats.okMessages.sum(), publisher.stats.failedRequests.sum(),
                        publisher.stats.inFlight(), receivers, counters.delivered.sum());
                long last = counters.lastDelivery.get();
                double window = Math.max(publishNanos, last - start) / 1e9;
                tally.report(result);
                result.put("deliveries_per_s", tally.delivered() / window)
                        .put("dropped_connections", counters.droppedConnections.sum())
                        .put("unexpected_messages", counters.unexpected.sum());
                counters.latency.report(result, "latency_");
                publisher.stats.latency.report(result, "publish_");
                cpu.report(result);
                result.put("deflate", Boolean.toString(o.deflate())).put("payload", o.payload()).put("wire_bytes_per_delivery", tally.delivered() == 0 ? Double.NaN
                        : (double) (counters.wireBytes.sum() - wireBefore) / tally.delivered());
                if (probes.server().enabled()) {
                    result.put("cpu_s_per_million", tally.delivered() == 0 ? Double.NaN : cpu.serverSeconds() / tally.delivered() * 1e6);
                }
                if (publisher.stats.firstError != null) {
                    result.put("first_publish_error", publisher.stats.firstError);
                }
            }
        }
        return result;
    }

    /**
     * Waits until every publish is answered and every delivery its answer makes expected has come,
     * at most {@link #DRAIN_LIMIT_NANOS}. A publish still unanswered keeps the wait going (an
     * overloaded server answers late, and its message may be on the way); once all are answered,
     * deliveries that stop arriving for {@link #QUIET_NANOS} end it early.
     */
    private static void awaitAnswersAndDeliveries(DeliveryCounters counters, PublishStats stats, long receivers) {
        long start = System.nanoTime();
        long seen = -1;
        long lastProgress = start;
        while (System.nanoTime() - start < DRAIN_LIMIT_NANOS) {
            long delivered = counters.delivered.sum();
            boolean answered = stats.inFlight() == 0;
            if (answered && delivered >= stats.okMessages.sum() * receivers) {
                return;
            }
            if (delivered != seen) {
                seen = delivered;
                lastProgress = System.nanoTime();
            } else if (answered && System.nanoTime() - lastProgress > QUIET_NANOS) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
