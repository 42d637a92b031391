package io.mixgate.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * publish: the back-office API alone, closed loop over keep-alive connections: requests per
 * second and request latency. publish-batch: the same with {@code batch} messages per request
 * (mixgate's {@code /v1/mesh/publish_batch}; a target without batch publish is skipped).
 * Messages go to a channel nobody subscribes to, so this measures the API, not the fan-out.
 */
final class PublishScenario {
    /** Distinct prebuilt requests cycled through, so the load tool spends its CPU on I/O, not on formatting. */
    private static final int VARIANTS = 64;

    private PublishScenario() {
    }

    static Result run(BenchOptions o, Target target, Probes probes, ClientLoops loops) {
        boolean batched = o.scenario().equals("publish-batch");
        Result result = new Result(o.scenario(), target.name(), o.label());
        List<Target.Publish> requests = new ArrayList<>();
        for (int v = 0; v < VARIANTS; v++) {
            if (batched) {
                List<String> payloads = new ArrayList<>();
                for (int i = 0; i < o.batch(); i++) {
                    payloads.add(Payload.create(System.nanoTime(), (long) v * o.batch() + i));
                }
                Target.Publish p = target.publishBatch(payloads);
                if (p == null) {
                    return result.put("skipped", target.name() + " has no batch publish");
                }
                requests.add(p);
            } else {
                requests.add(target.publishPublic(Payload.create(System.nanoTime(), v)));
            }
        }
        AtomicLong next = new AtomicLong();
        try (Publisher publisher = new Publisher(loops, o.http(), target, o.connections(), o.depth())) {
            CpuWindow cpu = probes.startCpu();
            long nanos = publisher.closedLoop(o.seconds(), () -> requests.get((int) (next.getAndIncrement() % VARIANTS)));
            cpu.end();
            double seconds = nanos / 1e9;
            PublishStats s = publisher.stats;
            result.put("connections", o.connections()).put("depth", o.depth()).put("seconds", seconds)
                    .put("requests_ok", s.okRequests.sum())
                    .put("requests_failed", s.failedRequests.sum())
                    .put("requests_per_s", s.okRequests.sum() / seconds)
                    .put("messages_per_s", s.okMessages.sum() / seconds);
            if (batched) {
                result.put("batch", o.batch());
            }
            s.latency.report(result, "latency_");
            cpu.report(result);
            cpu.reportPer(result, "request", s.okRequests.sum() + s.failedRequests.sum());
            if (s.firstError != null) {
                result.put("first_error", s.firstError);
            }
        }
        return result;
    }
}
